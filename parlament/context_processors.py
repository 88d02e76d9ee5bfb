from django.conf import settings
from django.urls import translate_url

from deputies.models import Deputy


def site(request):
    """The language switcher keeps the reader on the same page; demo data is always flagged."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES
        ],
        "has_demo_data": Deputy.objects.filter(is_demo=True).exists(),
    }
