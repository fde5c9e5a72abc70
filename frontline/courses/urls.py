from django.urls import path

from frontline.courses import participant_views, statistics_views, views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_new, name="new"),
    path("overview/", views.overview, name="overview"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/<int:pk>/remove", views.holiday_remove, name="holiday_remove"),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/<slug:key>/", statistics_views.quiz_statistics, name="quiz_statistics"),
    path("statistics/<slug:key>/items.csv", statistics_views.items_csv, name="items_csv"),
    path("statistics/gain.csv", statistics_views.gain_csv, name="gain_csv"),
    path("statistics/gain.xlsx", statistics_views.gain_xlsx, name="gain_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/live/", views.live_start, name="live_start"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:member>/remove", views.team_remove, name="team_remove"),
    path("<int:pk>/agenda/", views.agenda_builder, name="agenda"),
    path("<int:pk>/agenda/units", views.agenda_add_units, name="agenda_units"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants/import", views.participants_import, name="import"),
    path(
        "<int:pk>/participants/<int:enrolment_id>/resend",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:pk>/participants/<int:enrolment_id>/withdraw",
        views.participant_withdraw,
        name="participant_withdraw",
    ),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<str:day>/", views.attendance_day, name="attendance_day"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("<int:pk>/survey/", participant_views.survey, name="survey"),
    path("<int:pk>/invitation", participant_views.respond, name="respond"),
    path("<int:pk>/quiz/<slug:key>", participant_views.take_quiz, name="take_quiz"),
    path("<int:pk>/case/<slug:key>", participant_views.play_case, name="play_case"),
    path("<int:pk>/certificates", views.issue_certificates, name="issue_certificates"),
]
