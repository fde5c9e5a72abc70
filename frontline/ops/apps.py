from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "frontline.ops"
    label = "ops"
