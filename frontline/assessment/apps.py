from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "frontline.assessment"
    label = "assessment"
