"""{% item_procurement %}: the procurement table on the OIT item that holds it (the item
page shows it when `holds_procurement`, see disclosures.presenters.item_neighbours)."""

from django import template

from procurement import presenters

register = template.Library()


@register.inclusion_tag("procurement/_item_procurement.html", takes_context=True)
def item_procurement(context) -> dict:
    item = context["item"]
    return {"item": item, **presenters.item_procurement(item)}
