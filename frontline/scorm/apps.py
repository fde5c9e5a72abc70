from django.apps import AppConfig


class ScormConfig(AppConfig):
    name = "frontline.scorm"
    label = "scorm"
    verbose_name = "SCORM packages"
