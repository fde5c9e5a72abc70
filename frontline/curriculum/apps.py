from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "frontline.curriculum"
    label = "curriculum"
