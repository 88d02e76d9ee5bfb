"""Atom feeds of bill events, under the language prefix so that titles are in the reader's
language: every event, one bill's, a lead committee's bills', a deputy's initiatives'."""

import datetime
import uuid
import zoneinfo

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chambers.models import Committee
from parlament.templatetags.portal import localized, pick

from . import procedure as P
from . import queries
from .models import Bill
from .views import committee_url, deputy_url

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


class BillEventsFeed(Feed):
    """Every bill event, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Parliament of Kazakhstan: every step of every bill")
    subtitle = gettext_lazy("Each bill event as it is recorded: introduced, voted, signed.")
    author_name = gettext_lazy("Parliament Tracker")

    def link(self, obj=None):
        return reverse("bills:list")

    def items(self, obj=None):
        return queries.feed_events()

    def item_title(self, event):
        try:
            label = P.era_on(event.date).verb(event.action)
        except P.ProcedureError:
            label = P.ACTION_LABELS[P.Action(event.action)]
        return f"{event.bill.number}: {localized(label)}"

    def item_description(self, event):
        title, _language = pick(event.bill, "title")
        stage = localized(P.STAGE_LABELS[P.Stage(event.to_stage)])
        parts = [title, _("Stage: %(stage)s") % {"stage": stage}]
        if event.note:
            parts.append(event.note)
        return format_html_join("", "<p>{}</p>", ((part,) for part in parts))

    def item_link(self, event):
        return reverse("bills:detail", args=[event.bill.uuid])

    def item_guid(self, event):
        # The same event has the same id in every language's feed and on every host.
        return uuid.uuid5(event.bill.uuid, f"event-{event.sequence}").urn

    def item_pubdate(self, event):
        return datetime.datetime.combine(event.date, datetime.time.min, tzinfo=ALMATY)

    def item_updateddate(self, event):
        return self.item_pubdate(event)


class BillFeed(BillEventsFeed):
    """One bill's events."""

    def get_object(self, request, id):
        return get_object_or_404(
            Bill.objects.only("id", "uuid", "number", *queries.translated("title")), uuid=id
        )

    def title(self, bill):
        return f"{bill.number}: {pick(bill, 'title')[0]}"

    def subtitle(self, bill):
        return _("Every step of bill %(number)s.") % {"number": bill.number}

    def link(self, bill):
        return reverse("bills:detail", args=[bill.uuid])

    def items(self, bill):
        return queries.feed_events(bill=bill)


class CommitteeFeed(BillEventsFeed):
    """Events of the bills a committee leads."""

    def get_object(self, request, public_id):
        committee = queries.COMMITTEES.filter(
            pk__in=Committee.objects.by_public_ids([public_id]).values("pk")
        ).first()
        if committee is None:
            raise Http404(_("No committee has this id."))
        return committee

    def title(self, committee):
        return _("Bills led by: %(committee)s") % {"committee": pick(committee, "name")[0]}

    def subtitle(self, committee):
        return _("Every step of the bills this committee leads.")

    def link(self, committee):
        return committee_url(committee)

    def items(self, committee):
        return queries.feed_events(bill__lead_committee=committee)


class DeputyFeed(BillEventsFeed):
    """Events of the bills a deputy initiated."""

    def get_object(self, request, id):
        return get_object_or_404(queries.DEPUTIES, uuid=id)

    def title(self, deputy):
        return _("Bills initiated by %(deputy)s") % {"deputy": deputy.full_name}

    def subtitle(self, deputy):
        return _("Every step of the bills this deputy initiated.")

    def link(self, deputy):
        return deputy_url(deputy)

    def items(self, deputy):
        return queries.feed_events(bill__initiators=deputy)
