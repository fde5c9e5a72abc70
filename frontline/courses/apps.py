from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "frontline.courses"
    label = "courses"
