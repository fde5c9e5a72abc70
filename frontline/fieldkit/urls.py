from django.urls import path

from frontline.fieldkit import views

app_name = "fieldkit"

urlpatterns = [
    path("field/", views.home, name="home"),
    path("field/sw.js", views.service_worker, name="service_worker"),
    path("field/indicators/", views.indicators, name="indicators"),
    path("field/screening/", views.screening, name="screening"),
    path("field/screening.json", views.screening_data, name="screening_data"),
    path("field/smuggling/", views.smuggling_comparison, name="smuggling"),
    path("field/cards/", views.cards, name="cards"),
    path("field/cards/<slug:key>/", views.card, name="card"),
    path("field/phrases/", views.phrases, name="phrases"),
    path("field/phrases/<slug:code>/", views.phrase_sheet, name="phrase_sheet"),
    path("field/phrases/<slug:code>/show/", views.phrase_show, name="phrase_show"),
    path("field/directory/", views.directory_list, name="directory"),
    path("field/directory/sheet/", views.station_sheet, name="station_sheet"),
    path("field/directory/pocket-card.pdf", views.pocket_card, name="pocket_card"),
]
