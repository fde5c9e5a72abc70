from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "frontline.scenarios"
    label = "scenarios"
