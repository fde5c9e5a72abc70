from django.urls import path

from frontline.assessment import views

app_name = "assessment"

urlpatterns = [
    path("learn/quizzes/", views.quiz_list, name="quizzes"),
    path("learn/progress/", views.learner_progress, name="progress"),
    path("learn/quizzes/<slug:key>/", views.quiz_detail, name="quiz"),
    path("learn/quizzes/<slug:key>/start", views.quiz_start, name="start"),
    path("learn/attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("learn/attempts/<int:pk>/items/<int:item>", views.answer, name="answer"),
    path("learn/attempts/<int:pk>/submit", views.attempt_submit, name="submit"),
    path("learn/attempts/<int:pk>/review/", views.attempt_review, name="review"),
    path("assessment/statistics/", views.statistics, name="statistics"),
    path("assessment/statistics/<slug:key>/", views.quiz_statistics, name="quiz_statistics"),
    path("assessment/statistics/<slug:key>/items.csv", views.quiz_statistics_csv, name="items_csv"),
    path("assessment/gain.csv", views.gain_csv, name="gain_csv"),
    path("assessment/gain.xlsx", views.gain_xlsx, name="gain_xlsx"),
]
