from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "frontline.web"
    label = "web"
