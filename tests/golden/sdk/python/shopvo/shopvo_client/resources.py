"""Resource groups of the Shopvo v1 REST API: `client.<group>.<method>(...)` (generated; do not edit).

Path parameters are positional, then the body; query and header parameters are keywords. A
list method answers a page; its `<name>_all` sibling walks every page."""

from __future__ import annotations

import typing as t

from . import _pagination as _p
from . import models as _m
from ._core import Operation, Paging
from ._transport import AsyncTransport, SyncTransport

OPERATIONS: dict[str, Operation] = {
    'listProducts': Operation(
        'listProducts', 'GET', '/api/v1/{siteId}/products', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='cursor', items=('items',), limit_param='limit',
                   cursor_param='cursor', page_param='page',
                   next_cursor=('cursor',), has_next=('hasNextPage',),
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor='', page_items=('items',)),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createProduct': Operation(
        'createProduct', 'POST', '/api/v1/{siteId}/products', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'getProduct': Operation(
        'getProduct', 'GET', '/api/v1/{siteId}/products/{productId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'deleteProduct': Operation(
        'deleteProduct', 'DELETE', '/api/v1/{siteId}/products/{productId}', auth=(('apiKey',),),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'updateProduct': Operation(
        'updateProduct', 'PATCH', '/api/v1/{siteId}/products/{productId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listProductVariants': Operation(
        'listProductVariants', 'GET', '/api/v1/{siteId}/products/{productId}/variants', auth=(('apiKey',),),
        content_type='application/json', result='list', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createProductVariant': Operation(
        'createProductVariant', 'POST', '/api/v1/{siteId}/products/{productId}/variants', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'deleteProductVariant': Operation(
        'deleteProductVariant', 'DELETE', '/api/v1/{siteId}/products/{productId}/variants/{variantId}', auth=(('apiKey',),),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'updateProductVariant': Operation(
        'updateProductVariant', 'PATCH', '/api/v1/{siteId}/products/{productId}/variants/{variantId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listProductReviews': Operation(
        'listProductReviews', 'GET', '/api/v1/{siteId}/products/{productId}/reviews', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='page', items=('items',), limit_param='limit',
                   cursor_param=None, page_param='page',
                   next_cursor=None, has_next=None,
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor=None),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createProductReview': Operation(
        'createProductReview', 'POST', '/api/v1/{siteId}/products/{productId}/reviews', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listCategories': Operation(
        'listCategories', 'GET', '/api/v1/{siteId}/categories', auth=(('apiKey',),),
        content_type='application/json', result='list', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'listBrands': Operation(
        'listBrands', 'GET', '/api/v1/{siteId}/brands', auth=(('apiKey',),),
        content_type='application/json', result='list', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'listPromotions': Operation(
        'listPromotions', 'GET', '/api/v1/{siteId}/promotions', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='page', items=('items',), limit_param='limit',
                   cursor_param=None, page_param='page',
                   next_cursor=None, has_next=None,
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor=None),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createPromotion': Operation(
        'createPromotion', 'POST', '/api/v1/{siteId}/promotions', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'validatePromotion': Operation(
        'validatePromotion', 'POST', '/api/v1/{siteId}/promotions/validate', auth=(),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=True, signed=False, uses_tenant=True,
        issues={}),
    'listGiftCards': Operation(
        'listGiftCards', 'GET', '/api/v1/{siteId}/gift-cards', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='page', items=('items',), limit_param='limit',
                   cursor_param=None, page_param='page',
                   next_cursor=None, has_next=None,
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor=None),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'issueGiftCard': Operation(
        'issueGiftCard', 'POST', '/api/v1/{siteId}/gift-cards', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'redeemGiftCard': Operation(
        'redeemGiftCard', 'POST', '/api/v1/{siteId}/gift-cards/{giftCardId}/redeem', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'updateGiftCard': Operation(
        'updateGiftCard', 'PATCH', '/api/v1/{siteId}/gift-cards/{giftCardId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'getLoyaltyAccount': Operation(
        'getLoyaltyAccount', 'GET', '/api/v1/{siteId}/loyalty/{customerId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'awardLoyaltyPoints': Operation(
        'awardLoyaltyPoints', 'POST', '/api/v1/{siteId}/loyalty/{customerId}/award', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'redeemLoyaltyPoints': Operation(
        'redeemLoyaltyPoints', 'POST', '/api/v1/{siteId}/loyalty/{customerId}/redeem', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listInventory': Operation(
        'listInventory', 'GET', '/api/v1/{siteId}/inventory', auth=(('apiKey',),),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'adjustInventory': Operation(
        'adjustInventory', 'POST', '/api/v1/{siteId}/inventory/{productId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listWebhooks': Operation(
        'listWebhooks', 'GET', '/api/v1/{siteId}/webhooks', auth=(('apiKey',),),
        content_type='application/json', result='list', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createWebhook': Operation(
        'createWebhook', 'POST', '/api/v1/{siteId}/webhooks', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'deleteWebhook': Operation(
        'deleteWebhook', 'DELETE', '/api/v1/{siteId}/webhooks/{webhookId}', auth=(('apiKey',),),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'getStoreCredit': Operation(
        'getStoreCredit', 'GET', '/api/v1/{siteId}/store-credit/{customerId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'adjustStoreCredit': Operation(
        'adjustStoreCredit', 'POST', '/api/v1/{siteId}/store-credit/{customerId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listOrders': Operation(
        'listOrders', 'GET', '/api/v1/{siteId}/orders', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='cursor', items=('items',), limit_param='limit',
                   cursor_param='cursor', page_param='page',
                   next_cursor=('cursor',), has_next=('hasNextPage',),
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor='', page_items=('items',)),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'getOrder': Operation(
        'getOrder', 'GET', '/api/v1/{siteId}/orders/{orderId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'updateOrderStatus': Operation(
        'updateOrderStatus', 'PATCH', '/api/v1/{siteId}/orders/{orderId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'startOrderPayment': Operation(
        'startOrderPayment', 'POST', '/api/v1/{siteId}/orders/{orderId}/payment', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'receivePaymentCallback': Operation(
        'receivePaymentCallback', 'POST', '/api/v1/{siteId}/payments/callback', auth=(),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=False, uses_tenant=True,
        issues={}),
    'getCart': Operation(
        'getCart', 'GET', '/api/v1/{siteId}/cart', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createCart': Operation(
        'createCart', 'POST', '/api/v1/{siteId}/cart', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'deleteCart': Operation(
        'deleteCart', 'DELETE', '/api/v1/{siteId}/cart', auth=(('apiKey',),),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'modifyCart': Operation(
        'modifyCart', 'PATCH', '/api/v1/{siteId}/cart', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'getCheckout': Operation(
        'getCheckout', 'GET', '/api/v1/{siteId}/checkout', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createCheckout': Operation(
        'createCheckout', 'POST', '/api/v1/{siteId}/checkout', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'advanceCheckout': Operation(
        'advanceCheckout', 'PATCH', '/api/v1/{siteId}/checkout', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listCustomers': Operation(
        'listCustomers', 'GET', '/api/v1/{siteId}/customers', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='cursor', items=('items',), limit_param='limit',
                   cursor_param='cursor', page_param='page',
                   next_cursor=('cursor',), has_next=('hasNextPage',),
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor='', page_items=('items',)),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'getCustomer': Operation(
        'getCustomer', 'GET', '/api/v1/{siteId}/customers/{customerId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'updateCustomer': Operation(
        'updateCustomer', 'PATCH', '/api/v1/{siteId}/customers/{customerId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listB2BAccounts': Operation(
        'listB2BAccounts', 'GET', '/api/v1/{siteId}/b2b/accounts', auth=(('apiKey',),),
        content_type='application/json', result='page', data=('items',),
        paging=Paging(style='cursor', items=('items',), limit_param='limit',
                   cursor_param='cursor', page_param='page',
                   next_cursor=('cursor',), has_next=('hasNextPage',),
                   previous_cursor=None, has_previous=None,
                   page=('pagination', 'page'), total_pages=('pagination', 'totalPages'), total=('pagination', 'total'),
                   first_cursor='', page_items=('items',)),
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createB2BAccount': Operation(
        'createB2BAccount', 'POST', '/api/v1/{siteId}/b2b/accounts', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'updateB2BAccount': Operation(
        'updateB2BAccount', 'PATCH', '/api/v1/{siteId}/b2b/accounts/{accountId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'listPages': Operation(
        'listPages', 'GET', '/api/v1/{siteId}/pages', auth=(('apiKey',),),
        content_type='application/json', result='list', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'getSite': Operation(
        'getSite', 'GET', '/api/v1/{siteId}/site', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'listMetafields': Operation(
        'listMetafields', 'GET', '/api/v1/{siteId}/{resourceType}/{resourceId}/metafields', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=False, signed=True, uses_tenant=True,
        issues={}),
    'createMetafield': Operation(
        'createMetafield', 'POST', '/api/v1/{siteId}/{resourceType}/{resourceId}/metafields', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'deleteMetafield': Operation(
        'deleteMetafield', 'DELETE', '/api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}', auth=(('apiKey',),),
        content_type='application/json', result='raw', data=(),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
    'updateMetafield': Operation(
        'updateMetafield', 'PATCH', '/api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}', auth=(('apiKey',),),
        content_type='application/json', result='item', data=('data',),
        paging=None,
        idempotent_write=True, signed=True, uses_tenant=True,
        issues={}),
}



class ProductsResource:
    'The products operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, fields: t.Optional[str] = None, expand: t.Optional[t.List[t.Literal['variants', 'brand', 'categories']]] = None, search: t.Optional[str] = None, category_id: t.Optional[str] = None, brand_id: t.Optional[str] = None, status: t.Optional[_m.ProductStatus] = None, featured: t.Optional[bool] = None) -> _p.Page[_m.ProductSparse]:
        'List products (GET /api/v1/{siteId}/products)'
        return self._transport.page(OPERATIONS['listProducts'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'fields': fields, 'expand[]': expand, 'search': search, 'categoryId': category_id, 'brandId': brand_id, 'status': status, 'featured': featured}, {})

    def list_all(self, *, limit: t.Optional[int] = None, fields: t.Optional[str] = None, expand: t.Optional[t.List[t.Literal['variants', 'brand', 'categories']]] = None, search: t.Optional[str] = None, category_id: t.Optional[str] = None, brand_id: t.Optional[str] = None, status: t.Optional[_m.ProductStatus] = None, featured: t.Optional[bool] = None) -> t.Iterator[_m.ProductSparse]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        yield from self.list(limit=limit, fields=fields, expand=expand, search=search, category_id=category_id, brand_id=brand_id, status=status, featured=featured).iter_all()

    def create(self, body: _m.ProductCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Product:
        'Create a product (POST /api/v1/{siteId}/products)'
        return t.cast("_m.Product", self._transport.call(OPERATIONS['createProduct'], {}, {}, body, {}, idempotency_key))

    def get(self, product_id: str, *, fields: t.Optional[str] = None, expand: t.Optional[t.List[t.Literal['variants', 'brand', 'categories']]] = None) -> _m.Product:
        'Get a product by ID or slug (GET /api/v1/{siteId}/products/{productId})'
        return t.cast("_m.Product", self._transport.call(OPERATIONS['getProduct'], {'productId': product_id}, {'fields': fields, 'expand[]': expand}, None, {}))

    def delete(self, product_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a product (DELETE /api/v1/{siteId}/products/{productId})'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['deleteProduct'], {'productId': product_id}, {}, None, {}, idempotency_key))

    def update(self, product_id: str, body: _m.ProductUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Product:
        'Update a product (PATCH /api/v1/{siteId}/products/{productId})'
        return t.cast("_m.Product", self._transport.call(OPERATIONS['updateProduct'], {'productId': product_id}, {}, body, {}, idempotency_key))

    def list_variants(self, product_id: str) -> t.List[_m.ProductVariant]:
        "List a product's variants (GET /api/v1/{siteId}/products/{productId}/variants)"
        return t.cast("t.List[_m.ProductVariant]", self._transport.call(OPERATIONS['listProductVariants'], {'productId': product_id}, {}, None, {}))

    def create_variant(self, product_id: str, body: _m.ProductVariantCreate, *, idempotency_key: t.Optional[str] = None) -> _m.ProductVariant:
        'Create a variant (POST /api/v1/{siteId}/products/{productId}/variants)'
        return t.cast("_m.ProductVariant", self._transport.call(OPERATIONS['createProductVariant'], {'productId': product_id}, {}, body, {}, idempotency_key))

    def delete_variant(self, product_id: str, variant_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a variant (DELETE /api/v1/{siteId}/products/{productId}/variants/{variantId})'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['deleteProductVariant'], {'productId': product_id, 'variantId': variant_id}, {}, None, {}, idempotency_key))

    def update_variant(self, product_id: str, variant_id: str, body: _m.ProductVariantUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.ProductVariant:
        'Update a variant (PATCH /api/v1/{siteId}/products/{productId}/variants/{variantId})'
        return t.cast("_m.ProductVariant", self._transport.call(OPERATIONS['updateProductVariant'], {'productId': product_id, 'variantId': variant_id}, {}, body, {}, idempotency_key))

    def list_reviews(self, product_id: str, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, status: t.Optional[_m.ReviewStatus] = None) -> _p.Page[_m.Review]:
        "List a product's reviews (GET /api/v1/{siteId}/products/{productId}/reviews)"
        return self._transport.page(OPERATIONS['listProductReviews'], {'productId': product_id}, {'page': page, 'limit': limit, 'status': status}, {})

    def list_reviews_all(self, product_id: str, *, limit: t.Optional[int] = None, status: t.Optional[_m.ReviewStatus] = None) -> t.Iterator[_m.Review]:
        """Every item of every page of `list_reviews`, asking for each page as it is reached."""
        yield from self.list_reviews(product_id, limit=limit, status=status).iter_all()

    def create_review(self, product_id: str, body: _m.ReviewCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Review:
        'Submit a review (POST /api/v1/{siteId}/products/{productId}/reviews)'
        return t.cast("_m.Review", self._transport.call(OPERATIONS['createProductReview'], {'productId': product_id}, {}, body, {}, idempotency_key))


class AsyncProductsResource:
    'The products operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, fields: t.Optional[str] = None, expand: t.Optional[t.List[t.Literal['variants', 'brand', 'categories']]] = None, search: t.Optional[str] = None, category_id: t.Optional[str] = None, brand_id: t.Optional[str] = None, status: t.Optional[_m.ProductStatus] = None, featured: t.Optional[bool] = None) -> _p.AsyncPage[_m.ProductSparse]:
        'List products (GET /api/v1/{siteId}/products)'
        return await self._transport.page(OPERATIONS['listProducts'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'fields': fields, 'expand[]': expand, 'search': search, 'categoryId': category_id, 'brandId': brand_id, 'status': status, 'featured': featured}, {})

    async def list_all(self, *, limit: t.Optional[int] = None, fields: t.Optional[str] = None, expand: t.Optional[t.List[t.Literal['variants', 'brand', 'categories']]] = None, search: t.Optional[str] = None, category_id: t.Optional[str] = None, brand_id: t.Optional[str] = None, status: t.Optional[_m.ProductStatus] = None, featured: t.Optional[bool] = None) -> t.AsyncIterator[_m.ProductSparse]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        page = await self.list(limit=limit, fields=fields, expand=expand, search=search, category_id=category_id, brand_id=brand_id, status=status, featured=featured)
        async for item in page.iter_all():
            yield item

    async def create(self, body: _m.ProductCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Product:
        'Create a product (POST /api/v1/{siteId}/products)'
        return t.cast("_m.Product", await self._transport.call(OPERATIONS['createProduct'], {}, {}, body, {}, idempotency_key))

    async def get(self, product_id: str, *, fields: t.Optional[str] = None, expand: t.Optional[t.List[t.Literal['variants', 'brand', 'categories']]] = None) -> _m.Product:
        'Get a product by ID or slug (GET /api/v1/{siteId}/products/{productId})'
        return t.cast("_m.Product", await self._transport.call(OPERATIONS['getProduct'], {'productId': product_id}, {'fields': fields, 'expand[]': expand}, None, {}))

    async def delete(self, product_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a product (DELETE /api/v1/{siteId}/products/{productId})'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['deleteProduct'], {'productId': product_id}, {}, None, {}, idempotency_key))

    async def update(self, product_id: str, body: _m.ProductUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Product:
        'Update a product (PATCH /api/v1/{siteId}/products/{productId})'
        return t.cast("_m.Product", await self._transport.call(OPERATIONS['updateProduct'], {'productId': product_id}, {}, body, {}, idempotency_key))

    async def list_variants(self, product_id: str) -> t.List[_m.ProductVariant]:
        "List a product's variants (GET /api/v1/{siteId}/products/{productId}/variants)"
        return t.cast("t.List[_m.ProductVariant]", await self._transport.call(OPERATIONS['listProductVariants'], {'productId': product_id}, {}, None, {}))

    async def create_variant(self, product_id: str, body: _m.ProductVariantCreate, *, idempotency_key: t.Optional[str] = None) -> _m.ProductVariant:
        'Create a variant (POST /api/v1/{siteId}/products/{productId}/variants)'
        return t.cast("_m.ProductVariant", await self._transport.call(OPERATIONS['createProductVariant'], {'productId': product_id}, {}, body, {}, idempotency_key))

    async def delete_variant(self, product_id: str, variant_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a variant (DELETE /api/v1/{siteId}/products/{productId}/variants/{variantId})'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['deleteProductVariant'], {'productId': product_id, 'variantId': variant_id}, {}, None, {}, idempotency_key))

    async def update_variant(self, product_id: str, variant_id: str, body: _m.ProductVariantUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.ProductVariant:
        'Update a variant (PATCH /api/v1/{siteId}/products/{productId}/variants/{variantId})'
        return t.cast("_m.ProductVariant", await self._transport.call(OPERATIONS['updateProductVariant'], {'productId': product_id, 'variantId': variant_id}, {}, body, {}, idempotency_key))

    async def list_reviews(self, product_id: str, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, status: t.Optional[_m.ReviewStatus] = None) -> _p.AsyncPage[_m.Review]:
        "List a product's reviews (GET /api/v1/{siteId}/products/{productId}/reviews)"
        return await self._transport.page(OPERATIONS['listProductReviews'], {'productId': product_id}, {'page': page, 'limit': limit, 'status': status}, {})

    async def list_reviews_all(self, product_id: str, *, limit: t.Optional[int] = None, status: t.Optional[_m.ReviewStatus] = None) -> t.AsyncIterator[_m.Review]:
        """Every item of every page of `list_reviews`, asking for each page as it is reached."""
        page = await self.list_reviews(product_id, limit=limit, status=status)
        async for item in page.iter_all():
            yield item

    async def create_review(self, product_id: str, body: _m.ReviewCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Review:
        'Submit a review (POST /api/v1/{siteId}/products/{productId}/reviews)'
        return t.cast("_m.Review", await self._transport.call(OPERATIONS['createProductReview'], {'productId': product_id}, {}, body, {}, idempotency_key))


class CategoriesResource:
    'The categories operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, slug: t.Optional[str] = None, parent_id: t.Optional[str] = None) -> t.List[_m.Category]:
        'List categories (GET /api/v1/{siteId}/categories)'
        return t.cast("t.List[_m.Category]", self._transport.call(OPERATIONS['listCategories'], {}, {'slug': slug, 'parentId': parent_id}, None, {}))


class AsyncCategoriesResource:
    'The categories operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, slug: t.Optional[str] = None, parent_id: t.Optional[str] = None) -> t.List[_m.Category]:
        'List categories (GET /api/v1/{siteId}/categories)'
        return t.cast("t.List[_m.Category]", await self._transport.call(OPERATIONS['listCategories'], {}, {'slug': slug, 'parentId': parent_id}, None, {}))


class BrandsResource:
    'The brands operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, slug: t.Optional[str] = None) -> t.List[_m.Brand]:
        'List brands (GET /api/v1/{siteId}/brands)'
        return t.cast("t.List[_m.Brand]", self._transport.call(OPERATIONS['listBrands'], {}, {'slug': slug}, None, {}))


class AsyncBrandsResource:
    'The brands operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, slug: t.Optional[str] = None) -> t.List[_m.Brand]:
        'List brands (GET /api/v1/{siteId}/brands)'
        return t.cast("t.List[_m.Brand]", await self._transport.call(OPERATIONS['listBrands'], {}, {'slug': slug}, None, {}))


class PromotionsResource:
    'The promotions operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, status: t.Optional[_m.PromotionStatus] = None) -> _p.Page[_m.Promotion]:
        'List promotions (GET /api/v1/{siteId}/promotions)'
        return self._transport.page(OPERATIONS['listPromotions'], {}, {'page': page, 'limit': limit, 'status': status}, {})

    def list_all(self, *, limit: t.Optional[int] = None, status: t.Optional[_m.PromotionStatus] = None) -> t.Iterator[_m.Promotion]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        yield from self.list(limit=limit, status=status).iter_all()

    def create(self, body: _m.PromotionCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Promotion:
        'Create a promotion (POST /api/v1/{siteId}/promotions)'
        return t.cast("_m.Promotion", self._transport.call(OPERATIONS['createPromotion'], {}, {}, body, {}, idempotency_key))

    def validate(self, body: _m.ValidatePromotionBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Validate a coupon code (POST /api/v1/{siteId}/promotions/validate)'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['validatePromotion'], {}, {}, body, {}, idempotency_key))


class AsyncPromotionsResource:
    'The promotions operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, status: t.Optional[_m.PromotionStatus] = None) -> _p.AsyncPage[_m.Promotion]:
        'List promotions (GET /api/v1/{siteId}/promotions)'
        return await self._transport.page(OPERATIONS['listPromotions'], {}, {'page': page, 'limit': limit, 'status': status}, {})

    async def list_all(self, *, limit: t.Optional[int] = None, status: t.Optional[_m.PromotionStatus] = None) -> t.AsyncIterator[_m.Promotion]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        page = await self.list(limit=limit, status=status)
        async for item in page.iter_all():
            yield item

    async def create(self, body: _m.PromotionCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Promotion:
        'Create a promotion (POST /api/v1/{siteId}/promotions)'
        return t.cast("_m.Promotion", await self._transport.call(OPERATIONS['createPromotion'], {}, {}, body, {}, idempotency_key))

    async def validate(self, body: _m.ValidatePromotionBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Validate a coupon code (POST /api/v1/{siteId}/promotions/validate)'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['validatePromotion'], {}, {}, body, {}, idempotency_key))


class GiftCardsResource:
    'Redeemable codes with a monetary balance; partial redemptions keep the remaining balance on the card.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, status: t.Optional[_m.GiftCardStatus] = None, customer_id: t.Optional[str] = None, code: t.Optional[str] = None) -> _p.Page[_m.GiftCard]:
        'List gift cards (GET /api/v1/{siteId}/gift-cards)'
        return self._transport.page(OPERATIONS['listGiftCards'], {}, {'page': page, 'limit': limit, 'status': status, 'customerId': customer_id, 'code': code}, {})

    def list_all(self, *, limit: t.Optional[int] = None, status: t.Optional[_m.GiftCardStatus] = None, customer_id: t.Optional[str] = None, code: t.Optional[str] = None) -> t.Iterator[_m.GiftCard]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        yield from self.list(limit=limit, status=status, customer_id=customer_id, code=code).iter_all()

    def issue(self, body: _m.GiftCardCreate, *, idempotency_key: t.Optional[str] = None) -> _m.GiftCard:
        'Issue a gift card (POST /api/v1/{siteId}/gift-cards)'
        return t.cast("_m.GiftCard", self._transport.call(OPERATIONS['issueGiftCard'], {}, {}, body, {}, idempotency_key))

    def redeem(self, gift_card_id: str, body: _m.GiftCardRedeem, *, idempotency_key: t.Optional[str] = None) -> _m.GiftCard:
        'Redeem a gift card (POST /api/v1/{siteId}/gift-cards/{giftCardId}/redeem)'
        return t.cast("_m.GiftCard", self._transport.call(OPERATIONS['redeemGiftCard'], {'giftCardId': gift_card_id}, {}, body, {}, idempotency_key))

    def update(self, gift_card_id: str, body: _m.GiftCardUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.GiftCard:
        'Void a gift card or change its expiry (PATCH /api/v1/{siteId}/gift-cards/{giftCardId})'
        return t.cast("_m.GiftCard", self._transport.call(OPERATIONS['updateGiftCard'], {'giftCardId': gift_card_id}, {}, body, {}, idempotency_key))


class AsyncGiftCardsResource:
    'Redeemable codes with a monetary balance; partial redemptions keep the remaining balance on the card.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, status: t.Optional[_m.GiftCardStatus] = None, customer_id: t.Optional[str] = None, code: t.Optional[str] = None) -> _p.AsyncPage[_m.GiftCard]:
        'List gift cards (GET /api/v1/{siteId}/gift-cards)'
        return await self._transport.page(OPERATIONS['listGiftCards'], {}, {'page': page, 'limit': limit, 'status': status, 'customerId': customer_id, 'code': code}, {})

    async def list_all(self, *, limit: t.Optional[int] = None, status: t.Optional[_m.GiftCardStatus] = None, customer_id: t.Optional[str] = None, code: t.Optional[str] = None) -> t.AsyncIterator[_m.GiftCard]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        page = await self.list(limit=limit, status=status, customer_id=customer_id, code=code)
        async for item in page.iter_all():
            yield item

    async def issue(self, body: _m.GiftCardCreate, *, idempotency_key: t.Optional[str] = None) -> _m.GiftCard:
        'Issue a gift card (POST /api/v1/{siteId}/gift-cards)'
        return t.cast("_m.GiftCard", await self._transport.call(OPERATIONS['issueGiftCard'], {}, {}, body, {}, idempotency_key))

    async def redeem(self, gift_card_id: str, body: _m.GiftCardRedeem, *, idempotency_key: t.Optional[str] = None) -> _m.GiftCard:
        'Redeem a gift card (POST /api/v1/{siteId}/gift-cards/{giftCardId}/redeem)'
        return t.cast("_m.GiftCard", await self._transport.call(OPERATIONS['redeemGiftCard'], {'giftCardId': gift_card_id}, {}, body, {}, idempotency_key))

    async def update(self, gift_card_id: str, body: _m.GiftCardUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.GiftCard:
        'Void a gift card or change its expiry (PATCH /api/v1/{siteId}/gift-cards/{giftCardId})'
        return t.cast("_m.GiftCard", await self._transport.call(OPERATIONS['updateGiftCard'], {'giftCardId': gift_card_id}, {}, body, {}, idempotency_key))


class LoyaltyProgramResource:
    "Points earned and redeemed for discounts; the program's rules (points per currency unit, redemption rate, tiers) are site settings (`x-specloom.settings`)."

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def get_account(self, customer_id: str) -> _m.LoyaltyAccount:
        "Get a customer's loyalty account (GET /api/v1/{siteId}/loyalty/{customerId})"
        return t.cast("_m.LoyaltyAccount", self._transport.call(OPERATIONS['getLoyaltyAccount'], {'customerId': customer_id}, {}, None, {}))

    def award_points(self, customer_id: str, body: _m.AwardLoyaltyPointsBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Award loyalty points (POST /api/v1/{siteId}/loyalty/{customerId}/award)'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['awardLoyaltyPoints'], {'customerId': customer_id}, {}, body, {}, idempotency_key))

    def redeem_points(self, customer_id: str, body: _m.RedeemLoyaltyPointsBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Redeem loyalty points (POST /api/v1/{siteId}/loyalty/{customerId}/redeem)'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['redeemLoyaltyPoints'], {'customerId': customer_id}, {}, body, {}, idempotency_key))


class AsyncLoyaltyProgramResource:
    "Points earned and redeemed for discounts; the program's rules (points per currency unit, redemption rate, tiers) are site settings (`x-specloom.settings`)."

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def get_account(self, customer_id: str) -> _m.LoyaltyAccount:
        "Get a customer's loyalty account (GET /api/v1/{siteId}/loyalty/{customerId})"
        return t.cast("_m.LoyaltyAccount", await self._transport.call(OPERATIONS['getLoyaltyAccount'], {'customerId': customer_id}, {}, None, {}))

    async def award_points(self, customer_id: str, body: _m.AwardLoyaltyPointsBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Award loyalty points (POST /api/v1/{siteId}/loyalty/{customerId}/award)'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['awardLoyaltyPoints'], {'customerId': customer_id}, {}, body, {}, idempotency_key))

    async def redeem_points(self, customer_id: str, body: _m.RedeemLoyaltyPointsBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Redeem loyalty points (POST /api/v1/{siteId}/loyalty/{customerId}/redeem)'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['redeemLoyaltyPoints'], {'customerId': customer_id}, {}, body, {}, idempotency_key))


class InventoryResource:
    'The inventory operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, sku: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'List stock levels (GET /api/v1/{siteId}/inventory)'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['listInventory'], {}, {'page': page, 'limit': limit, 'sku': sku}, None, {}))

    def adjust(self, product_id: str, body: _m.AdjustInventoryBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Adjust a stock level (POST /api/v1/{siteId}/inventory/{productId})'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['adjustInventory'], {'productId': product_id}, {}, body, {}, idempotency_key))


class AsyncInventoryResource:
    'The inventory operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, sku: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'List stock levels (GET /api/v1/{siteId}/inventory)'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['listInventory'], {}, {'page': page, 'limit': limit, 'sku': sku}, None, {}))

    async def adjust(self, product_id: str, body: _m.AdjustInventoryBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Adjust a stock level (POST /api/v1/{siteId}/inventory/{productId})'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['adjustInventory'], {'productId': product_id}, {}, body, {}, idempotency_key))


class WebhooksResource:
    "Subscriptions to the events Shopvo pushes (order.created, order.updated, payment.confirmed, payment.failed, inventory.low, cart.abandoned, review.created), each POSTed as `{event, timestamp, siteId, data}` and signed in `X-Shopvo-Signature` with the request-signing scheme. Inferred: the reference documents the `webhooks:read` and `webhooks:write` scopes but no paths; the subscription routes follow the API's conventions."

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self) -> t.List[_m.WebhookSubscription]:
        'List webhook subscriptions (GET /api/v1/{siteId}/webhooks)'
        return t.cast("t.List[_m.WebhookSubscription]", self._transport.call(OPERATIONS['listWebhooks'], {}, {}, None, {}))

    def create(self, body: _m.WebhookSubscriptionCreate, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Create a webhook subscription (POST /api/v1/{siteId}/webhooks)'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['createWebhook'], {}, {}, body, {}, idempotency_key))

    def delete(self, webhook_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a webhook subscription (DELETE /api/v1/{siteId}/webhooks/{webhookId})'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['deleteWebhook'], {'webhookId': webhook_id}, {}, None, {}, idempotency_key))


class AsyncWebhooksResource:
    "Subscriptions to the events Shopvo pushes (order.created, order.updated, payment.confirmed, payment.failed, inventory.low, cart.abandoned, review.created), each POSTed as `{event, timestamp, siteId, data}` and signed in `X-Shopvo-Signature` with the request-signing scheme. Inferred: the reference documents the `webhooks:read` and `webhooks:write` scopes but no paths; the subscription routes follow the API's conventions."

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self) -> t.List[_m.WebhookSubscription]:
        'List webhook subscriptions (GET /api/v1/{siteId}/webhooks)'
        return t.cast("t.List[_m.WebhookSubscription]", await self._transport.call(OPERATIONS['listWebhooks'], {}, {}, None, {}))

    async def create(self, body: _m.WebhookSubscriptionCreate, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Create a webhook subscription (POST /api/v1/{siteId}/webhooks)'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['createWebhook'], {}, {}, body, {}, idempotency_key))

    async def delete(self, webhook_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a webhook subscription (DELETE /api/v1/{siteId}/webhooks/{webhookId})'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['deleteWebhook'], {'webhookId': webhook_id}, {}, None, {}, idempotency_key))


class StoreCreditResource:
    'The storeCredit operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def get(self, customer_id: str) -> _m.StoreCreditAccount:
        "Get a customer's store credit (GET /api/v1/{siteId}/store-credit/{customerId})"
        return t.cast("_m.StoreCreditAccount", self._transport.call(OPERATIONS['getStoreCredit'], {'customerId': customer_id}, {}, None, {}))

    def adjust(self, customer_id: str, body: _m.AdjustStoreCreditBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Issue or deduct store credit (POST /api/v1/{siteId}/store-credit/{customerId})'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['adjustStoreCredit'], {'customerId': customer_id}, {}, body, {}, idempotency_key))


class AsyncStoreCreditResource:
    'The storeCredit operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def get(self, customer_id: str) -> _m.StoreCreditAccount:
        "Get a customer's store credit (GET /api/v1/{siteId}/store-credit/{customerId})"
        return t.cast("_m.StoreCreditAccount", await self._transport.call(OPERATIONS['getStoreCredit'], {'customerId': customer_id}, {}, None, {}))

    async def adjust(self, customer_id: str, body: _m.AdjustStoreCreditBody, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Issue or deduct store credit (POST /api/v1/{siteId}/store-credit/{customerId})'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['adjustStoreCredit'], {'customerId': customer_id}, {}, body, {}, idempotency_key))


class OrdersResource:
    'The orders operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, status: t.Optional[_m.OrderStatus] = None, payment_status: t.Optional[_m.PaymentStatus] = None, customer_id: t.Optional[str] = None, from_: t.Optional[str] = None, to: t.Optional[str] = None) -> _p.Page[_m.Order]:
        'List orders (GET /api/v1/{siteId}/orders)'
        return self._transport.page(OPERATIONS['listOrders'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'status': status, 'paymentStatus': payment_status, 'customerId': customer_id, 'from': from_, 'to': to}, {})

    def list_all(self, *, limit: t.Optional[int] = None, status: t.Optional[_m.OrderStatus] = None, payment_status: t.Optional[_m.PaymentStatus] = None, customer_id: t.Optional[str] = None, from_: t.Optional[str] = None, to: t.Optional[str] = None) -> t.Iterator[_m.Order]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        yield from self.list(limit=limit, status=status, payment_status=payment_status, customer_id=customer_id, from_=from_, to=to).iter_all()

    def get(self, order_id: str) -> _m.Order:
        'Get an order by ID or number (GET /api/v1/{siteId}/orders/{orderId})'
        return t.cast("_m.Order", self._transport.call(OPERATIONS['getOrder'], {'orderId': order_id}, {}, None, {}))

    def update_status(self, order_id: str, body: _m.OrderStatusUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Order:
        "Change an order's status (PATCH /api/v1/{siteId}/orders/{orderId})"
        return t.cast("_m.Order", self._transport.call(OPERATIONS['updateOrderStatus'], {'orderId': order_id}, {}, body, {}, idempotency_key))

    def start_payment(self, order_id: str, body: t.Optional[_m.PaymentStart] = None, *, idempotency_key: t.Optional[str] = None) -> _m.PaymentSession:
        'Start paying an order (POST /api/v1/{siteId}/orders/{orderId}/payment)'
        return t.cast("_m.PaymentSession", self._transport.call(OPERATIONS['startOrderPayment'], {'orderId': order_id}, {}, body, {}, idempotency_key))


class AsyncOrdersResource:
    'The orders operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, status: t.Optional[_m.OrderStatus] = None, payment_status: t.Optional[_m.PaymentStatus] = None, customer_id: t.Optional[str] = None, from_: t.Optional[str] = None, to: t.Optional[str] = None) -> _p.AsyncPage[_m.Order]:
        'List orders (GET /api/v1/{siteId}/orders)'
        return await self._transport.page(OPERATIONS['listOrders'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'status': status, 'paymentStatus': payment_status, 'customerId': customer_id, 'from': from_, 'to': to}, {})

    async def list_all(self, *, limit: t.Optional[int] = None, status: t.Optional[_m.OrderStatus] = None, payment_status: t.Optional[_m.PaymentStatus] = None, customer_id: t.Optional[str] = None, from_: t.Optional[str] = None, to: t.Optional[str] = None) -> t.AsyncIterator[_m.Order]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        page = await self.list(limit=limit, status=status, payment_status=payment_status, customer_id=customer_id, from_=from_, to=to)
        async for item in page.iter_all():
            yield item

    async def get(self, order_id: str) -> _m.Order:
        'Get an order by ID or number (GET /api/v1/{siteId}/orders/{orderId})'
        return t.cast("_m.Order", await self._transport.call(OPERATIONS['getOrder'], {'orderId': order_id}, {}, None, {}))

    async def update_status(self, order_id: str, body: _m.OrderStatusUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Order:
        "Change an order's status (PATCH /api/v1/{siteId}/orders/{orderId})"
        return t.cast("_m.Order", await self._transport.call(OPERATIONS['updateOrderStatus'], {'orderId': order_id}, {}, body, {}, idempotency_key))

    async def start_payment(self, order_id: str, body: t.Optional[_m.PaymentStart] = None, *, idempotency_key: t.Optional[str] = None) -> _m.PaymentSession:
        'Start paying an order (POST /api/v1/{siteId}/orders/{orderId}/payment)'
        return t.cast("_m.PaymentSession", await self._transport.call(OPERATIONS['startOrderPayment'], {'orderId': order_id}, {}, body, {}, idempotency_key))


class PaymentsResource:
    "Inferred: paying an order through specloom's payment-provider interface (a session with the URL the customer pays at; the provider's signed callback settles it)."

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def receive_callback(self, body: _m.PaymentCallback, *, idempotency_key: t.Optional[str] = None) -> _m.PaymentSession:
        "Receive a payment provider's callback (POST /api/v1/{siteId}/payments/callback)"
        return t.cast("_m.PaymentSession", self._transport.call(OPERATIONS['receivePaymentCallback'], {}, {}, body, {}, idempotency_key))


class AsyncPaymentsResource:
    "Inferred: paying an order through specloom's payment-provider interface (a session with the URL the customer pays at; the provider's signed callback settles it)."

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def receive_callback(self, body: _m.PaymentCallback, *, idempotency_key: t.Optional[str] = None) -> _m.PaymentSession:
        "Receive a payment provider's callback (POST /api/v1/{siteId}/payments/callback)"
        return t.cast("_m.PaymentSession", await self._transport.call(OPERATIONS['receivePaymentCallback'], {}, {}, body, {}, idempotency_key))


class CartResource:
    'The cart operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def get(self, *, cart_id: str) -> _m.Cart:
        'Get a cart (GET /api/v1/{siteId}/cart)'
        return t.cast("_m.Cart", self._transport.call(OPERATIONS['getCart'], {}, {'cartId': cart_id}, None, {}))

    def create(self, body: _m.CartCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Cart:
        'Create a cart (POST /api/v1/{siteId}/cart)'
        return t.cast("_m.Cart", self._transport.call(OPERATIONS['createCart'], {}, {}, body, {}, idempotency_key))

    def delete(self, *, cart_id: str, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a cart (DELETE /api/v1/{siteId}/cart)'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['deleteCart'], {}, {'cartId': cart_id}, None, {}, idempotency_key))

    def modify(self, body: _m.CartModification, *, cart_id: str, idempotency_key: t.Optional[str] = None) -> _m.Cart:
        'Add, update or remove a cart item (PATCH /api/v1/{siteId}/cart)'
        return t.cast("_m.Cart", self._transport.call(OPERATIONS['modifyCart'], {}, {'cartId': cart_id}, body, {}, idempotency_key))


class AsyncCartResource:
    'The cart operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def get(self, *, cart_id: str) -> _m.Cart:
        'Get a cart (GET /api/v1/{siteId}/cart)'
        return t.cast("_m.Cart", await self._transport.call(OPERATIONS['getCart'], {}, {'cartId': cart_id}, None, {}))

    async def create(self, body: _m.CartCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Cart:
        'Create a cart (POST /api/v1/{siteId}/cart)'
        return t.cast("_m.Cart", await self._transport.call(OPERATIONS['createCart'], {}, {}, body, {}, idempotency_key))

    async def delete(self, *, cart_id: str, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a cart (DELETE /api/v1/{siteId}/cart)'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['deleteCart'], {}, {'cartId': cart_id}, None, {}, idempotency_key))

    async def modify(self, body: _m.CartModification, *, cart_id: str, idempotency_key: t.Optional[str] = None) -> _m.Cart:
        'Add, update or remove a cart item (PATCH /api/v1/{siteId}/cart)'
        return t.cast("_m.Cart", await self._transport.call(OPERATIONS['modifyCart'], {}, {'cartId': cart_id}, body, {}, idempotency_key))


class CheckoutResource:
    'The checkout operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def get(self, *, session_id: str) -> _m.CheckoutSession:
        'Get a checkout session (GET /api/v1/{siteId}/checkout)'
        return t.cast("_m.CheckoutSession", self._transport.call(OPERATIONS['getCheckout'], {}, {'sessionId': session_id}, None, {}))

    def create(self, body: _m.CheckoutCreate, *, idempotency_key: t.Optional[str] = None) -> _m.CheckoutSession:
        'Initialise a checkout session (POST /api/v1/{siteId}/checkout)'
        return t.cast("_m.CheckoutSession", self._transport.call(OPERATIONS['createCheckout'], {}, {}, body, {}, idempotency_key))

    def advance(self, body: _m.CheckoutAdvance, *, idempotency_key: t.Optional[str] = None) -> _m.CheckoutSession:
        'Advance a checkout session (PATCH /api/v1/{siteId}/checkout)'
        return t.cast("_m.CheckoutSession", self._transport.call(OPERATIONS['advanceCheckout'], {}, {}, body, {}, idempotency_key))


class AsyncCheckoutResource:
    'The checkout operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def get(self, *, session_id: str) -> _m.CheckoutSession:
        'Get a checkout session (GET /api/v1/{siteId}/checkout)'
        return t.cast("_m.CheckoutSession", await self._transport.call(OPERATIONS['getCheckout'], {}, {'sessionId': session_id}, None, {}))

    async def create(self, body: _m.CheckoutCreate, *, idempotency_key: t.Optional[str] = None) -> _m.CheckoutSession:
        'Initialise a checkout session (POST /api/v1/{siteId}/checkout)'
        return t.cast("_m.CheckoutSession", await self._transport.call(OPERATIONS['createCheckout'], {}, {}, body, {}, idempotency_key))

    async def advance(self, body: _m.CheckoutAdvance, *, idempotency_key: t.Optional[str] = None) -> _m.CheckoutSession:
        'Advance a checkout session (PATCH /api/v1/{siteId}/checkout)'
        return t.cast("_m.CheckoutSession", await self._transport.call(OPERATIONS['advanceCheckout'], {}, {}, body, {}, idempotency_key))


class CustomersResource:
    'The customers operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, search: t.Optional[str] = None, group: t.Optional[str] = None) -> _p.Page[_m.Customer]:
        'List customers (GET /api/v1/{siteId}/customers)'
        return self._transport.page(OPERATIONS['listCustomers'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'search': search, 'group': group}, {})

    def list_all(self, *, limit: t.Optional[int] = None, search: t.Optional[str] = None, group: t.Optional[str] = None) -> t.Iterator[_m.Customer]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        yield from self.list(limit=limit, search=search, group=group).iter_all()

    def get(self, customer_id: str) -> _m.Customer:
        'Get a customer (GET /api/v1/{siteId}/customers/{customerId})'
        return t.cast("_m.Customer", self._transport.call(OPERATIONS['getCustomer'], {'customerId': customer_id}, {}, None, {}))

    def update(self, customer_id: str, body: _m.CustomerUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Customer:
        "Update a customer's profile (PATCH /api/v1/{siteId}/customers/{customerId})"
        return t.cast("_m.Customer", self._transport.call(OPERATIONS['updateCustomer'], {'customerId': customer_id}, {}, body, {}, idempotency_key))


class AsyncCustomersResource:
    'The customers operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, search: t.Optional[str] = None, group: t.Optional[str] = None) -> _p.AsyncPage[_m.Customer]:
        'List customers (GET /api/v1/{siteId}/customers)'
        return await self._transport.page(OPERATIONS['listCustomers'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'search': search, 'group': group}, {})

    async def list_all(self, *, limit: t.Optional[int] = None, search: t.Optional[str] = None, group: t.Optional[str] = None) -> t.AsyncIterator[_m.Customer]:
        """Every item of every page of `list`, asking for each page as it is reached."""
        page = await self.list(limit=limit, search=search, group=group)
        async for item in page.iter_all():
            yield item

    async def get(self, customer_id: str) -> _m.Customer:
        'Get a customer (GET /api/v1/{siteId}/customers/{customerId})'
        return t.cast("_m.Customer", await self._transport.call(OPERATIONS['getCustomer'], {'customerId': customer_id}, {}, None, {}))

    async def update(self, customer_id: str, body: _m.CustomerUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Customer:
        "Update a customer's profile (PATCH /api/v1/{siteId}/customers/{customerId})"
        return t.cast("_m.Customer", await self._transport.call(OPERATIONS['updateCustomer'], {'customerId': customer_id}, {}, body, {}, idempotency_key))


class B2bWholesaleResource:
    'B2B accounts give wholesale customers custom pricing tiers, net payment terms and company-level order management; each is linked to one or more customer contacts and optionally to a price list.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list_accounts(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, search: t.Optional[str] = None, status: t.Optional[_m.B2BAccountStatus] = None) -> _p.Page[_m.B2BAccount]:
        'List B2B accounts (GET /api/v1/{siteId}/b2b/accounts)'
        return self._transport.page(OPERATIONS['listB2BAccounts'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'search': search, 'status': status}, {})

    def list_accounts_all(self, *, limit: t.Optional[int] = None, search: t.Optional[str] = None, status: t.Optional[_m.B2BAccountStatus] = None) -> t.Iterator[_m.B2BAccount]:
        """Every item of every page of `list_accounts`, asking for each page as it is reached."""
        yield from self.list_accounts(limit=limit, search=search, status=status).iter_all()

    def create_account(self, body: _m.B2BAccountCreate, *, idempotency_key: t.Optional[str] = None) -> _m.B2BAccount:
        'Create a B2B account (POST /api/v1/{siteId}/b2b/accounts)'
        return t.cast("_m.B2BAccount", self._transport.call(OPERATIONS['createB2BAccount'], {}, {}, body, {}, idempotency_key))

    def update_account(self, account_id: str, body: _m.B2BAccountUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.B2BAccount:
        'Update a B2B account (PATCH /api/v1/{siteId}/b2b/accounts/{accountId})'
        return t.cast("_m.B2BAccount", self._transport.call(OPERATIONS['updateB2BAccount'], {'accountId': account_id}, {}, body, {}, idempotency_key))


class AsyncB2bWholesaleResource:
    'B2B accounts give wholesale customers custom pricing tiers, net payment terms and company-level order management; each is linked to one or more customer contacts and optionally to a price list.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list_accounts(self, *, page: t.Optional[int] = None, limit: t.Optional[int] = None, cursor: t.Optional[str] = None, search: t.Optional[str] = None, status: t.Optional[_m.B2BAccountStatus] = None) -> _p.AsyncPage[_m.B2BAccount]:
        'List B2B accounts (GET /api/v1/{siteId}/b2b/accounts)'
        return await self._transport.page(OPERATIONS['listB2BAccounts'], {}, {'page': page, 'limit': limit, 'cursor': cursor, 'search': search, 'status': status}, {})

    async def list_accounts_all(self, *, limit: t.Optional[int] = None, search: t.Optional[str] = None, status: t.Optional[_m.B2BAccountStatus] = None) -> t.AsyncIterator[_m.B2BAccount]:
        """Every item of every page of `list_accounts`, asking for each page as it is reached."""
        page = await self.list_accounts(limit=limit, search=search, status=status)
        async for item in page.iter_all():
            yield item

    async def create_account(self, body: _m.B2BAccountCreate, *, idempotency_key: t.Optional[str] = None) -> _m.B2BAccount:
        'Create a B2B account (POST /api/v1/{siteId}/b2b/accounts)'
        return t.cast("_m.B2BAccount", await self._transport.call(OPERATIONS['createB2BAccount'], {}, {}, body, {}, idempotency_key))

    async def update_account(self, account_id: str, body: _m.B2BAccountUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.B2BAccount:
        'Update a B2B account (PATCH /api/v1/{siteId}/b2b/accounts/{accountId})'
        return t.cast("_m.B2BAccount", await self._transport.call(OPERATIONS['updateB2BAccount'], {'accountId': account_id}, {}, body, {}, idempotency_key))


class PagesResource:
    'The pages operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, *, slug: t.Optional[str] = None, page: t.Optional[int] = None, limit: t.Optional[int] = None) -> t.List[_m.Page]:
        'List published pages (GET /api/v1/{siteId}/pages)'
        return t.cast("t.List[_m.Page]", self._transport.call(OPERATIONS['listPages'], {}, {'slug': slug, 'page': page, 'limit': limit}, None, {}))


class AsyncPagesResource:
    'The pages operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, *, slug: t.Optional[str] = None, page: t.Optional[int] = None, limit: t.Optional[int] = None) -> t.List[_m.Page]:
        'List published pages (GET /api/v1/{siteId}/pages)'
        return t.cast("t.List[_m.Page]", await self._transport.call(OPERATIONS['listPages'], {}, {'slug': slug, 'page': page, 'limit': limit}, None, {}))


class SiteConfigResource:
    'The siteConfig operations.'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def get(self) -> _m.SiteConfig:
        'Get the site configuration (GET /api/v1/{siteId}/site)'
        return t.cast("_m.SiteConfig", self._transport.call(OPERATIONS['getSite'], {}, {}, None, {}))


class AsyncSiteConfigResource:
    'The siteConfig operations.'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def get(self) -> _m.SiteConfig:
        'Get the site configuration (GET /api/v1/{siteId}/site)'
        return t.cast("_m.SiteConfig", await self._transport.call(OPERATIONS['getSite'], {}, {}, None, {}))


class MetafieldsResource:
    'Arbitrary key-value metadata on products, customers, orders or the site itself. Values are stored as strings and typed via valueType (string, integer, json, boolean).'

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list(self, resource_type: _m.MetafieldResourceType, resource_id: str) -> t.List[_m.Metafield]:
        "List a resource's metafields (GET /api/v1/{siteId}/{resourceType}/{resourceId}/metafields)"
        return t.cast("t.List[_m.Metafield]", self._transport.call(OPERATIONS['listMetafields'], {'resourceType': resource_type, 'resourceId': resource_id}, {}, None, {}))

    def create(self, resource_type: _m.MetafieldResourceType, resource_id: str, body: _m.MetafieldCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Metafield:
        'Add a metafield (POST /api/v1/{siteId}/{resourceType}/{resourceId}/metafields)'
        return t.cast("_m.Metafield", self._transport.call(OPERATIONS['createMetafield'], {'resourceType': resource_type, 'resourceId': resource_id}, {}, body, {}, idempotency_key))

    def delete(self, resource_type: _m.MetafieldResourceType, resource_id: str, metafield_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a metafield (DELETE /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId})'
        return t.cast("t.Dict[str, t.Any]", self._transport.call(OPERATIONS['deleteMetafield'], {'resourceType': resource_type, 'resourceId': resource_id, 'metafieldId': metafield_id}, {}, None, {}, idempotency_key))

    def update(self, resource_type: _m.MetafieldResourceType, resource_id: str, metafield_id: str, body: _m.MetafieldUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Metafield:
        'Update a metafield (PATCH /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId})'
        return t.cast("_m.Metafield", self._transport.call(OPERATIONS['updateMetafield'], {'resourceType': resource_type, 'resourceId': resource_id, 'metafieldId': metafield_id}, {}, body, {}, idempotency_key))


class AsyncMetafieldsResource:
    'Arbitrary key-value metadata on products, customers, orders or the site itself. Values are stored as strings and typed via valueType (string, integer, json, boolean).'

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list(self, resource_type: _m.MetafieldResourceType, resource_id: str) -> t.List[_m.Metafield]:
        "List a resource's metafields (GET /api/v1/{siteId}/{resourceType}/{resourceId}/metafields)"
        return t.cast("t.List[_m.Metafield]", await self._transport.call(OPERATIONS['listMetafields'], {'resourceType': resource_type, 'resourceId': resource_id}, {}, None, {}))

    async def create(self, resource_type: _m.MetafieldResourceType, resource_id: str, body: _m.MetafieldCreate, *, idempotency_key: t.Optional[str] = None) -> _m.Metafield:
        'Add a metafield (POST /api/v1/{siteId}/{resourceType}/{resourceId}/metafields)'
        return t.cast("_m.Metafield", await self._transport.call(OPERATIONS['createMetafield'], {'resourceType': resource_type, 'resourceId': resource_id}, {}, body, {}, idempotency_key))

    async def delete(self, resource_type: _m.MetafieldResourceType, resource_id: str, metafield_id: str, *, idempotency_key: t.Optional[str] = None) -> t.Dict[str, t.Any]:
        'Delete a metafield (DELETE /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId})'
        return t.cast("t.Dict[str, t.Any]", await self._transport.call(OPERATIONS['deleteMetafield'], {'resourceType': resource_type, 'resourceId': resource_id, 'metafieldId': metafield_id}, {}, None, {}, idempotency_key))

    async def update(self, resource_type: _m.MetafieldResourceType, resource_id: str, metafield_id: str, body: _m.MetafieldUpdate, *, idempotency_key: t.Optional[str] = None) -> _m.Metafield:
        'Update a metafield (PATCH /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId})'
        return t.cast("_m.Metafield", await self._transport.call(OPERATIONS['updateMetafield'], {'resourceType': resource_type, 'resourceId': resource_id, 'metafieldId': metafield_id}, {}, body, {}, idempotency_key))
