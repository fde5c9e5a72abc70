"""Field-kit pages: short views that read the kit, call the rule, render.

Every page is for signed-in users. Screening results are computed per request and never stored:
nothing about the person screened is written to the database or the logs.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontline.accounts.models import User
from frontline.curriculum.rendering import markdown_to_html
from frontline.fieldkit import forms, presentation, smuggling
from frontline.fieldkit.access import directory_for
from frontline.fieldkit.kit import CATEGORIES, FieldKit, Language, current_kit
from frontline.fieldkit.models import DirectoryEntry

STATIC_FILES = [
    "frontline/site.css",
    "frontline/htmx.min.js",
    "frontline/icon.svg",
    "fieldkit/field.css",
    "fieldkit/field.js",
    "fieldkit/indicator-filter.js",
    "fieldkit/screening.js",
    "fieldkit/field-screening.js",
    "fieldkit/smuggling.js",
    "fieldkit/field-smuggling.js",
]


def _kit() -> FieldKit:
    return current_kit(settings.CONTENT_DIR)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def category_labels() -> dict[str, str]:
    return {
        "generic": _("Generic"),
        "sexual": _("Sexual exploitation"),
        "labour": _("Labour exploitation"),
        "domestic": _("Domestic servitude"),
        "begging_criminality": _("Begging and forced criminality"),
        "border": _("Border checks"),
        "children": _("Children"),
        "traffickers": _("Traffickers"),
    }


def answer_labels() -> dict[str, str]:
    return {"yes": _("Yes"), "no": _("No"), "unknown": _("Not known")}


def contacts_for(user: User) -> dict[str, list[DirectoryEntry]]:
    """Directory entries by kind, for the countries of the user's agencies (all when none match)."""
    entries = list(directory_for(user))
    countries = set(user.agencies.values_list("country", flat=True))
    mine = [e for e in entries if e.country in countries]
    by_kind: dict[str, list[DirectoryEntry]] = defaultdict(list)
    for entry in mine or entries:
        by_kind[entry.kind].append(entry)
    return dict(by_kind)


# --- pages ------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    kit = _kit()
    return render(request, "fieldkit/home.html", {"kit": kit})


@login_required
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    kit = _kit()
    category = request.GET.get("category", "")
    if category and category not in CATEGORIES:
        return HttpResponseBadRequest(_("Unknown category."))
    query = request.GET.get("q", "").strip()
    if len(query) > 100:
        return HttpResponseBadRequest(_("The search is too long."))
    labels = category_labels()
    words = query.casefold().split()
    shown = [
        i
        for i in kit.indicators
        if (not category or i.category == category) and all(w in i.text.casefold() for w in words)
    ]
    dimensions = {str(d["id"]): d.get("label", "") for d in kit.rules.get("dimensions", [])}
    groups = [
        (
            key,
            labels[key],
            [(i, dimensions.get(i.dimension, "")) for i in shown if i.category == key],
        )
        for key in CATEGORIES
        if any(i.category == key for i in shown)
    ]
    return render(
        request,
        "fieldkit/indicators.html",
        {
            "groups": groups,
            "category": category,
            "labels": labels,
            "count": len(shown),
            "query": query,
        },
    )


def category_order(kit: FieldKit, case: dict[str, Any]) -> list[str]:
    """The categories in the order the form shows them: those most relevant to the place and
    the kind of check recorded first (`first` in screening.yaml), then the rest."""
    first: list[str] = []
    for field in ("where", "check"):
        for option in kit.rules.get("context", {}).get(field, []):
            if option.get("id") == case.get(field):
                first += [c for c in option.get("first", []) if c not in first]
    return first + [c for c in CATEGORIES if c not in first]


def _screening_form_context(kit: FieldKit, case: dict[str, Any]) -> dict[str, Any]:
    labels = category_labels()
    return {
        "kit": kit,
        "case": case,
        "context": kit.rules.get("context", {}),
        "groups": [
            (key, labels[key], [i for i in kit.indicators if i.category == key])
            for key in category_order(kit, case)
            if any(i.category == key for i in kit.indicators)
        ],
        "labels": labels,
        "questions": kit.rules.get("key_questions", []),
        "answers": answer_labels(),
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    kit = _kit()
    if request.method == "GET":
        # A link from the phrase sheet may pre-fill answers; a wrong value is refused, not guessed.
        case, errors = forms.read_case(request.GET, kit, required=False)
        status = 400 if errors else 200
        return render(
            request,
            "fieldkit/screening.html",
            {**_screening_form_context(kit, case), "errors": errors},
            status=status,
        )
    case, errors = forms.read_case(request.POST, kit)
    if errors:
        return render(
            request,
            "fieldkit/screening.html",
            {**_screening_form_context(kit, case), "errors": errors},
            status=400,
        )
    result = kit.engine().evaluate(case)
    shown = presentation.present(result, contacts_for(_user(request)), kit)
    return render(
        request,
        "fieldkit/screening_result.html",
        {
            "result": result,
            **shown,
            "next_in_group": presentation.next_in_group_url(case, kit)
            if case.get("persons") == "group"
            else "",
            "case": case,  # for "Refer this case" (posted to the referrals app)
        },
    )


@login_required
@require_GET
def screening_data(request: HttpRequest) -> JsonResponse:
    """Rules, catalogue, the user's contacts and the interface words, for the offline screening."""
    kit = _kit()
    contacts = {
        kind: [
            {"name": e.name, "phone": e.phone, "phone_display": e.phone_display(),
             "hours": e.hours, "region": e.region, "serves": e.serves_list()}
            for e in entries
        ]
        for kind, entries in contacts_for(_user(request)).items()
    }  # fmt: skip
    data = kit.screening_data()
    # The form's options (context labels) are in the saved HTML page; the engine needs none.
    data["rules"] = {k: v for k, v in data["rules"].items() if k != "context"}
    return JsonResponse(
        {
            **data,
            "smuggling": kit.smuggling,
            "contacts": contacts,
            "cards": {
                c.id: {"title": c.title, "url": reverse("fieldkit:card", args=[c.id])}
                for c in kit.cards
            },
            "group_categories": list(presentation.GROUP_CATEGORIES),
            "kinds": {k: str(v) for k, v in DirectoryEntry.Kind.choices},
            "words": {
                "result": _("Result"),
                "grounds": _("Grounds"),
                "actions": _("What to do now, in this order"),
                "first": _("Do first"),
                "call": _("Who to call"),
                "all_actions": _("All the actions, with reasons and contacts"),
                "why_level": _("Why this level"),
                "decisive": _("Decisive facts"),
                "counter": _("Facts that point away"),
                "points_to": _("Points to:"),
                "card": _("Card:"),
                "card_short": _("card"),
                "none_serving": _(
                    "No contact in the directory says it takes this person; "
                    "ask the anti-trafficking unit."
                ),
                "next_in_group": _("Screen the next person of this group"),
                "takes": _("takes"),
                "why": _("Why:"),
                "source": _("Source:"),
                "elements": _("Elements of the definition"),
                "supported": _("supported by"),
                "not_supported": _("nothing recorded"),
                "not_required": _("not required: the person may be under 18"),
                "act": _("Act"),
                "means": _("Means"),
                "purpose": _("Purpose"),
                "analysis": _("Analysis for the specialised unit (ILO/EC 2009)"),
                "reached": _("shown by what you recorded"),
                "not_reached": _("not shown yet"),
                "met": _("The observations reach the combination rule."),
                "not_met": _(
                    "What you recorded does not yet show (this is not a finding that it is absent):"
                ),
                "offline": _(
                    "Worked out on this phone without network; nothing was sent or stored."
                ),
                "again": _("New screening"),
                "strong": _("strong"),
                "medium": _("medium"),
                "weak": _("weak"),
                "recruitment": _("recruitment"),
                "exploitation": _("exploitative conditions"),
                "destination": _("coercion or abuse at destination"),
                "lean_smuggling": _("points to smuggling"),
                "lean_trafficking": _("points to trafficking"),
                "lean_neither": _("decides nothing"),
                "your_answers": _("Your answers, criterion by criterion"),
                "to_screening": _("Go to the screening"),
                "compare_again": _("Compare again"),
            },
        }
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def smuggling_comparison(request: HttpRequest) -> HttpResponse:
    kit = _kit()
    criteria = kit.smuggling
    context: dict[str, Any] = {"criteria": criteria, "result": None, "errors": [], "given": {}}
    if request.method == "POST":
        answers, errors = forms.read_comparison(request.POST, criteria)
        context["given"] = answers
        if errors:
            context["errors"] = errors
            return render(request, "fieldkit/smuggling.html", context, status=400)
        context["result"] = smuggling.compare(criteria, answers)
    return render(request, "fieldkit/smuggling.html", context)


@login_required
@require_GET
def cards(request: HttpRequest) -> HttpResponse:
    return render(request, "fieldkit/cards.html", {"cards": _kit().cards})


@login_required
@require_GET
def card(request: HttpRequest, key: str) -> HttpResponse:
    kit = _kit()
    found = kit.card(key)
    if found is None:
        raise Http404
    position = kit.cards.index(found)
    return render(
        request,
        "fieldkit/card.html",
        {
            "card": found,
            "body": markdown_to_html(found.body),
            "previous": kit.cards[position - 1] if position > 0 else None,
            "next": kit.cards[position + 1] if position + 1 < len(kit.cards) else None,
        },
    )


def _officer_language(kit: FieldKit) -> Language:
    code = (get_language() or "en").split("-")[0]
    return kit.language(code) or kit.languages[0]


def _phrase_rows(kit: FieldKit, person: Language, officer: Language) -> list[dict[str, Any]]:
    questions = {str(q["id"]): q for q in kit.rules.get("key_questions", [])}
    return [
        {
            "phrase": p,
            "officer": p.text.get(officer.code, ""),
            "person": p.text.get(person.code, ""),
            "question": questions.get(p.question) if p.question else None,
        }
        for p in kit.phrases
    ]


@login_required
@require_GET
def phrases(request: HttpRequest) -> HttpResponse:
    kit = _kit()
    return render(
        request,
        "fieldkit/phrases.html",
        {"languages": kit.languages, "officer": _officer_language(kit)},
    )


def _language_or_404(kit: FieldKit, code: str) -> Language:
    language = kit.language(code)
    if language is None:
        raise Http404
    return language


@login_required
@require_GET
def phrase_sheet(request: HttpRequest, code: str) -> HttpResponse:
    kit = _kit()
    person = _language_or_404(kit, code)
    officer = _officer_language(kit)
    return render(
        request,
        "fieldkit/phrase_sheet.html",
        {
            "person": person,
            "officer": officer,
            "rows": _phrase_rows(kit, person, officer),
            "groups": _phrase_groups(),
        },
    )


@login_required
@require_GET
def phrase_show(request: HttpRequest, code: str) -> HttpResponse:
    kit = _kit()
    person = _language_or_404(kit, code)
    officer = _officer_language(kit)
    return render(
        request,
        "fieldkit/phrase_show.html",
        {"person": person, "officer": officer, "rows": _phrase_rows(kit, person, officer)},
    )


def _phrase_groups() -> dict[str, str]:
    return {
        "reassurance": _("Reassurance"),
        "safety": _("Safety"),
        "age": _("Age"),
        "language": _("Language"),
        "needs": _("Needs"),
        "children": _("Children"),
        "questions": _("Questions"),
    }


def _directory_filters(request: HttpRequest) -> tuple[dict[str, str], str]:
    filters = {k: request.GET.get(k, "").strip() for k in ("country", "region", "kind")}
    if filters["kind"] and filters["kind"] not in DirectoryEntry.Kind.values:
        return filters, _("Unknown kind of contact.")
    if filters["country"] and not (len(filters["country"]) == 2 and filters["country"].isalpha()):
        return filters, _("A country is a two-letter code such as XA.")
    if len(filters["region"]) > 100:
        return filters, _("The region name is too long.")
    return filters, ""


def _directory_entries(user: User, filters: dict[str, str]) -> list[DirectoryEntry]:
    entries = directory_for(user)
    if filters["country"]:
        entries = entries.filter(country=filters["country"].upper())
    if filters["region"]:
        entries = entries.filter(region=filters["region"])
    if filters["kind"]:
        entries = entries.filter(kind=filters["kind"])
    return list(entries)


@login_required
@require_GET
def directory_list(request: HttpRequest) -> HttpResponse:
    filters, error = _directory_filters(request)
    if error:
        return HttpResponseBadRequest(error)
    user = _user(request)
    everything = directory_for(user)
    return render(
        request,
        "fieldkit/directory.html",
        {
            "entries": _directory_entries(user, filters),
            "filters": filters,
            "countries": sorted(set(everything.values_list("country", flat=True))),
            "regions": sorted(set(everything.values_list("region", flat=True)) - {""}),
            "kinds": DirectoryEntry.Kind.choices,
        },
    )


@login_required
@require_GET
def station_sheet(request: HttpRequest) -> HttpResponse:
    filters, error = _directory_filters(request)
    if error:
        return HttpResponseBadRequest(error)
    kit = _kit()
    return render(
        request,
        "fieldkit/station_sheet.html",
        {
            "entries": _directory_entries(_user(request), filters),
            "filters": filters,
            "first_actions": pocket_actions(kit),
            "key_indicators": key_indicators(kit),
        },
    )


def pocket_actions(kit: FieldKit) -> list[dict[str, Any]]:
    """The actions for an adult case with reasonable grounds: the first things to do."""
    case = {"minor": "no", "observed": [], "answers": {"documents_held": "yes", "debt": "yes"}}
    return kit.engine().evaluate(case)["actions"]


def key_indicators(kit: FieldKit, per_category: int = 1, total: int = 8) -> list[Any]:
    """Strong indicators, one per category first, so the card covers every kind of case."""
    strong = [i for i in kit.indicators if i.strength == "strong"]
    chosen: list[Any] = []
    for category in CATEGORIES:
        chosen += [i for i in strong if i.category == category][:per_category]
    chosen += [i for i in strong if i not in chosen]
    return chosen[:total]


@login_required
@require_GET
def pocket_card(request: HttpRequest) -> HttpResponse:
    from frontline.fieldkit.pocketcard import pocket_card_pdf

    filters, error = _directory_filters(request)
    if error:
        return HttpResponseBadRequest(error)
    kit = _kit()
    user = _user(request)
    if not filters["country"]:
        countries = sorted(set(user.agencies.values_list("country", flat=True)))
        filters["country"] = countries[0] if countries else ""
    # The card has room for the services an officer calls about a presumed victim, first the ATU.
    order = [
        "atu",
        "guardianship",
        "child_protection",
        "ngo_shelter",
        "hotline",
        "labour_inspectorate",
    ]
    entries = sorted(
        (e for e in _directory_entries(user, filters) if e.kind in order),
        key=lambda e: (order.index(e.kind), e.region, e.name),
    )
    pdf = pocket_card_pdf(
        entries=entries,
        actions=pocket_actions(kit),
        indicators=key_indicators(kit),
        statement=kit.rules.get("statement", ""),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="frontline-pocket-card.pdf"'
    return response


# --- offline ----------------------------------------------------------------------------------


def offline_urls(kit: FieldKit) -> list[str]:
    """Every page and file the field kit needs without network (the service worker caches them)."""
    urls = [
        reverse("fieldkit:home"),
        reverse("fieldkit:indicators"),
        reverse("fieldkit:screening"),
        reverse("fieldkit:screening_data"),
        reverse("fieldkit:smuggling"),
        reverse("fieldkit:cards"),
        *[reverse("fieldkit:card", args=[c.id]) for c in kit.cards],
        reverse("fieldkit:phrases"),
        *[reverse("fieldkit:phrase_sheet", args=[lang.code]) for lang in kit.languages],
        *[reverse("fieldkit:phrase_show", args=[lang.code]) for lang in kit.languages],
        reverse("fieldkit:directory"),
        reverse("fieldkit:station_sheet"),
    ]
    return urls + [static(path) for path in STATIC_FILES]


@login_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    kit = _kit()
    urls = offline_urls(kit)
    # A new version (new content, new static files) makes the browser fetch everything again.
    fingerprint = hashlib.sha256("\n".join(urls).encode())
    for path in STATIC_FILES:
        found = finders.find(path)
        if isinstance(found, str):
            with open(found, "rb") as f:
                fingerprint.update(f.read())
    for indicator in kit.indicators:
        fingerprint.update(indicator.text.encode())
    fingerprint.update(repr(kit.rules).encode())
    response = render(
        request,
        "fieldkit/sw.js",
        {
            "urls_json": json.dumps(urls),
            "version": fingerprint.hexdigest()[:16],
            "language": get_language(),
            "scope": reverse("fieldkit:home"),
        },
        content_type="text/javascript",
    )
    # Scope: the worker lives at /field/sw.js and controls /field/ only.
    response["Service-Worker-Allowed"] = reverse("fieldkit:home")
    response["Cache-Control"] = "no-cache"
    return response
