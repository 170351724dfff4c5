import assert from 'node:assert/strict';
import { test } from 'node:test';
import { affordable, totalPrice } from '../src/widgets.js';

const widgets = [
  { name: 'sprocket', price: 250 },
  { name: 'gizmo', price: 1200 },
  { name: 'doohickey', price: 75 },
];

test('totalPrice sums the prices', () => {
  assert.equal(totalPrice(widgets), 1525);
  assert.equal(totalPrice([]), 0);
});

test('affordable lists the widgets within the limit, cheapest first', () => {
  assert.deepEqual(affordable(widgets, 300), ['doohickey', 'sprocket']);
});
