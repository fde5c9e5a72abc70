from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "frontline.home"
    label = "home"
