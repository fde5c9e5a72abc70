from django.apps import AppConfig


class FieldkitConfig(AppConfig):
    name = "frontline.fieldkit"
    label = "fieldkit"
    verbose_name = "Field kit"
