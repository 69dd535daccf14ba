"""Shopvo logic of its own. None today: coupon validation (POST /promotions/validate) is the
general `coupons.validate` action over the promotions' declared `coupon` rules, the same rules
a checkout applies a code with (runtime/services/coupons.py).

Hooks use runtime APIs only (ctx.resources, Reply)."""
