from django.urls import path

from frontline.scorm import views

app_name = "scorm"

urlpatterns = [
    path("", views.exports, name="exports"),
    path("course.zip", views.course_zip, name="course"),
    path("<slug:unit>.zip", views.unit_zip, name="unit"),
]
