from django.urls import path

from frontline.scenarios import views

app_name = "scenarios"

urlpatterns = [
    path("learn/scenarios/", views.scenario_list, name="list"),
    path("learn/scenarios/results/", views.my_results, name="my_results"),
    path("learn/scenarios/<slug:key>/", views.scenario_detail, name="detail"),
    path("learn/scenarios/<slug:key>/play", views.play_start, name="start"),
    path("learn/plays/<int:pk>/", views.play_page, name="play"),
    path("learn/plays/<int:pk>/choose", views.play_choose, name="choose"),
    path("learn/plays/<int:pk>/debrief/", views.play_debrief, name="debrief"),
    path("live/", views.live_home, name="live"),
    path("live/start", views.live_start, name="live_start"),
    path("live/join", views.live_join, name="live_join"),
    path("live/results/", views.live_results, name="live_results"),
    path("live/<str:code>/", views.live_room, name="live_room"),
    path("live/<str:code>/screen", views.live_screen, name="live_screen"),
    path("live/<str:code>/vote", views.live_vote, name="live_vote"),
    path("live/<str:code>/control/", views.live_control, name="live_control"),
    path("live/<str:code>/control/votes", views.live_votes, name="live_votes"),
    path("live/<str:code>/control/open", views.live_open, name="live_open"),
    path("live/<str:code>/control/take", views.live_take, name="live_take"),
    path("live/<str:code>/debrief/", views.live_debrief, name="live_debrief"),
]
