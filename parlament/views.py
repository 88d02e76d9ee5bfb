from django.shortcuts import render
from django.utils import timezone

from chambers.models import Chamber, Convocation
from deputies.models import composition


def home(request):
    today = timezone.localdate()
    convocation = Convocation.objects.latest_started(today)
    # After the bicameral Parliament ended, show it as it stood on its last day.
    at = min(today, convocation.ends_on) if convocation and convocation.ends_on else today
    chambers = [
        {"chamber": chamber, "seats": chamber.seats_on(at), **composition(chamber, at)}
        for chamber in Chamber.objects.all()
    ]
    context = {"convocation": convocation, "at": at, "ended": at < today, "chambers": chambers}
    return render(request, "parlament/home.html", context)
