import { add } from './math.js';

/** The total price of a list of widgets (`{ name, price }`), in cents. */
export function totalPrice(widgets) {
  return widgets.reduce((sum, widget) => add(sum, widget.price), 0);
}

/** The names of the widgets that cost at most `limit` cents, cheapest first. */
export function affordable(widgets, limit) {
  return widgets
    .filter((widget) => widget.price <= limit)
    .sort((a, b) => a.price - b.price)
    .map((widget) => widget.name);
}
