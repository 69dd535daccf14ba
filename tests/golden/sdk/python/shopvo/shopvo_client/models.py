"""Types of the Shopvo v1 REST API, from its OpenAPI document (generated; do not edit).

Objects are `TypedDict`s (plain dicts at run time: what you send and what you get back), enums are
`Literal`s. Bodies of operations are `<OperationId>Body`, their query parameters `<OperationId>Params`.
"""

import typing as t

# Inferred; the reference shows no address shape.
Address = t.TypedDict('Address', {
    'name': str,
    'line1': str,
    'line2': str,
    'city': str,
    'postalCode': str,
    'country': str,
}, total=False)

# The body of adjustInventory.
AdjustInventoryBody = t.TypedDict('AdjustInventoryBody', {
    'operation': t.Required[t.Literal['set', 'increment', 'decrement']],
    'quantity': t.Required[int],
    'variantId': str,
    'reason': str,
}, total=False)

# The body of adjustStoreCredit.
AdjustStoreCreditBody = t.TypedDict('AdjustStoreCreditBody', {
    'type': t.Required[t.Literal['CREDIT', 'DEBIT']],
    'amount': t.Required[int],
    'note': str,
    'orderId': str,
}, total=False)

# The body of awardLoyaltyPoints.
AwardLoyaltyPointsBody = t.TypedDict('AwardLoyaltyPointsBody', {
    'points': t.Required[int],
    'note': str,
    'orderId': str,
}, total=False)

B2BAccount = t.TypedDict('B2BAccount', {
    'id': t.Required[str],
    'companyName': t.Required[str],
    'taxId': t.Optional[str],
    'status': t.Required["B2BAccountStatus"],
    'priceListId': t.Optional[str],
    'paymentTerms': t.Optional["PaymentTerms"],
    'contacts': t.Required[t.List["B2BContact"]],
    'contactEmails': str,
    'createdAt': str,
    'updatedAt': str,
}, total=False)

# Inferred: each of contactCustomerIds must be a customer of this site (else 404 naming it); they become the contacts, the first one primary. New accounts are ACTIVE unless `status` says otherwise.
B2BAccountCreate = t.TypedDict('B2BAccountCreate', {
    'companyName': t.Required[str],
    'taxId': str,
    'status': "B2BAccountStatus",
    'paymentTerms': "PaymentTerms",
    'priceListId': str,
    'contactCustomerIds': t.List[str],
}, total=False)

B2BAccountCursorPage = t.TypedDict('B2BAccountCursorPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["B2BAccount"]],
    'cursor': t.Required[t.Optional[str]],
    'hasNextPage': t.Required[bool],
    'limit': t.Required[int],
}, total=False)

B2BAccountEnvelope = t.TypedDict('B2BAccountEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["B2BAccount"],
}, total=False)

B2BAccountPage = t.TypedDict('B2BAccountPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["B2BAccount"]],
    'pagination': t.Required["OffsetPagination"],
}, total=False)

B2BAccountStatus = t.Literal['ACTIVE', 'SUSPENDED', 'PENDING']

B2BAccountUpdate = t.TypedDict('B2BAccountUpdate', {
    'status': "B2BAccountStatus",
    'paymentTerms': "PaymentTerms",
    'priceListId': t.Optional[str],
}, total=False)

B2BContact = t.TypedDict('B2BContact', {
    'id': t.Required[str],
    'email': t.Required[str],
    'isPrimary': t.Required[bool],
}, total=False)

Brand = t.TypedDict('Brand', {
    'id': t.Required[str],
    'name': t.Required[str],
    'slug': t.Required[str],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

Cart = t.TypedDict('Cart', {
    'id': t.Required[str],
    'status': t.Required[t.Literal['ACTIVE', 'ABANDONED', 'CONVERTED']],
    'sessionId': t.Optional[str],
    'customerId': t.Optional[str],
    'email': t.Optional[str],
    'currency': t.Required[str],
    'items': t.Required[t.List["LineItem"]],
    'total': t.Required[int],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

CartCreate = t.TypedDict('CartCreate', {
    'sessionId': str,
    'customerId': str,
    'email': str,
    'currency': str,
}, total=False)

CartEnvelope = t.TypedDict('CartEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Cart"],
}, total=False)

CartItemInput = t.TypedDict('CartItemInput', {
    'productId': str,
    'variantId': str,
    'name': str,
    'quantity': int,
    'price': int,
}, total=False)

# `add` needs the productId (and variantId) and the quantity; `update` the productId (and variantId) and the new quantity; `remove` the productId (and variantId). The price is the catalog's; a...
CartModification = t.TypedDict('CartModification', {
    'action': t.Required[t.Literal['add', 'update', 'remove']],
    'item': t.Required["CartItemInput"],
}, total=False)

Category = t.TypedDict('Category', {
    'id': t.Required[str],
    'name': t.Required[str],
    'slug': t.Required[str],
    'parentId': t.Optional[str],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

CheckoutAdvance = t.TypedDict('CheckoutAdvance', {
    'sessionId': t.Required[str],
    'state': t.Required["CheckoutState"],
    'email': str,
    'shippingAddress': "Address",
    'promotionCode': str,
}, total=False)

CheckoutCreate = t.TypedDict('CheckoutCreate', {
    'cartId': t.Required[str],
    'promotionCode': str,
}, total=False)

CheckoutEnvelope = t.TypedDict('CheckoutEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["CheckoutSession"],
}, total=False)

CheckoutSession = t.TypedDict('CheckoutSession', {
    'id': t.Required[str],
    'cartId': t.Required[str],
    'state': t.Required["CheckoutState"],
    'customerId': t.Optional[str],
    'email': t.Optional[str],
    'currency': str,
    'items': t.Required[t.List["LineItem"]],
    'subtotal': int,
    'promotionCode': t.Optional[str],
    'discount': int,
    'total': t.Required[int],
    'shippingAddress': t.Optional["Address"],
    'orderId': t.Optional[str],
    'completedAt': t.Optional[str],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

CheckoutState = t.Literal['init', 'contact', 'shipping', 'payment', 'review', 'complete']

Customer = t.TypedDict('Customer', {
    'id': t.Required[str],
    'email': t.Required[str],
    'firstName': t.Optional[str],
    'lastName': t.Optional[str],
    'phone': t.Optional[str],
    'groupId': t.Optional[str],
    'totalOrders': t.Required[int],
    'totalSpent': t.Required[int],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

CustomerCursorPage = t.TypedDict('CustomerCursorPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["Customer"]],
    'cursor': t.Required[t.Optional[str]],
    'hasNextPage': t.Required[bool],
    'limit': t.Required[int],
}, total=False)

CustomerEnvelope = t.TypedDict('CustomerEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Customer"],
}, total=False)

CustomerPage = t.TypedDict('CustomerPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["Customer"]],
    'pagination': t.Required["OffsetPagination"],
}, total=False)

# Profile fields; all optional. Inferred: the email may change, to an address no other customer of the site has (else 409).
CustomerUpdate = t.TypedDict('CustomerUpdate', {
    'firstName': t.Optional[str],
    'lastName': t.Optional[str],
    'phone': t.Optional[str],
    'email': str,
}, total=False)

# The query parameters of deleteCart.
DeleteCartParams = t.TypedDict('DeleteCartParams', {
    'cartId': t.Required[str],
}, total=False)

Error = t.TypedDict('Error', {
    'error': t.Required[str],
}, total=False)

# The query parameters of getCart.
GetCartParams = t.TypedDict('GetCartParams', {
    'cartId': t.Required[str],
}, total=False)

# The query parameters of getCheckout.
GetCheckoutParams = t.TypedDict('GetCheckoutParams', {
    'sessionId': t.Required[str],
}, total=False)

# The query parameters of getProduct.
GetProductParams = t.TypedDict('GetProductParams', {
    'fields': str,
    'expand': t.List[t.Literal['variants', 'brand', 'categories']],
}, total=False)

GiftCard = t.TypedDict('GiftCard', {
    'id': t.Required[str],
    'code': t.Required[str],
    'initialBalance': t.Required[int],
    'remainingBalance': t.Required[int],
    'status': t.Required["GiftCardStatus"],
    'customerId': t.Optional[str],
    'expiresAt': t.Optional[str],
    'note': t.Optional[str],
    'voidedAt': t.Optional[str],
    'issuedAt': t.Required[str],
    'updatedAt': str,
}, total=False)

GiftCardCreate = t.TypedDict('GiftCardCreate', {
    'code': str,
    'initialBalance': t.Required[int],
    'customerId': str,
    'expiresAt': t.Optional[str],
    'note': str,
}, total=False)

GiftCardEnvelope = t.TypedDict('GiftCardEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["GiftCard"],
}, total=False)

GiftCardRedeem = t.TypedDict('GiftCardRedeem', {
    'amount': t.Required[int],
    'orderId': str,
}, total=False)

GiftCardRedemption = t.TypedDict('GiftCardRedemption', {
    'id': t.Required[str],
    'giftCardId': t.Required[str],
    'amount': t.Required[int],
    'orderId': t.Optional[str],
    'balanceAfter': int,
    'createdAt': str,
}, total=False)

GiftCardStatus = t.Literal['ACTIVE', 'REDEEMED', 'EXPIRED', 'VOID']

GiftCardUpdate = t.TypedDict('GiftCardUpdate', {
    'status': t.Literal['ACTIVE', 'VOID'],
    'expiresAt': t.Optional[str],
}, total=False)

InventoryAdjustment = t.TypedDict('InventoryAdjustment', {
    'id': t.Required[str],
    'targetId': t.Required[str],
    'targetType': str,
    'operation': t.Required[t.Literal['set', 'increment', 'decrement']],
    'quantity': t.Required[int],
    'before': int,
    'after': int,
    'reason': str,
    'createdAt': str,
}, total=False)

InventoryItem = t.TypedDict('InventoryItem', {
    'id': t.Required[str],
    'productId': str,
    'variantId': t.Optional[str],
    'name': t.Required[str],
    'sku': t.Optional[str],
    'inventoryCount': t.Optional[int],
    'inventoryStatus': t.Required["InventoryStatus"],
}, total=False)

InventoryStatus = t.Literal['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK']

LineItem = t.TypedDict('LineItem', {
    'productId': t.Required[str],
    'variantId': t.Optional[str],
    'name': t.Required[str],
    'quantity': t.Required[int],
    'price': t.Required[int],
}, total=False)

# The query parameters of listB2BAccounts.
ListB2BAccountsParams = t.TypedDict('ListB2BAccountsParams', {
    'page': int,
    'limit': int,
    'cursor': str,
    'search': str,
    'status': "B2BAccountStatus",
}, total=False)

# The query parameters of listBrands.
ListBrandsParams = t.TypedDict('ListBrandsParams', {
    'slug': str,
}, total=False)

# The query parameters of listCategories.
ListCategoriesParams = t.TypedDict('ListCategoriesParams', {
    'slug': str,
    'parentId': str,
}, total=False)

# The query parameters of listCustomers.
ListCustomersParams = t.TypedDict('ListCustomersParams', {
    'page': int,
    'limit': int,
    'cursor': str,
    'search': str,
    'group': str,
}, total=False)

# The query parameters of listGiftCards.
ListGiftCardsParams = t.TypedDict('ListGiftCardsParams', {
    'page': int,
    'limit': int,
    'status': "GiftCardStatus",
    'customerId': str,
    'code': str,
}, total=False)

# The query parameters of listInventory.
ListInventoryParams = t.TypedDict('ListInventoryParams', {
    'page': int,
    'limit': int,
    'sku': str,
}, total=False)

# The query parameters of listOrders.
ListOrdersParams = t.TypedDict('ListOrdersParams', {
    'page': int,
    'limit': int,
    'cursor': str,
    'status': "OrderStatus",
    'paymentStatus': "PaymentStatus",
    'customerId': str,
    'from': str,
    'to': str,
}, total=False)

# The query parameters of listPages.
ListPagesParams = t.TypedDict('ListPagesParams', {
    'slug': str,
    'page': int,
    'limit': int,
}, total=False)

# The query parameters of listProductReviews.
ListProductReviewsParams = t.TypedDict('ListProductReviewsParams', {
    'page': int,
    'limit': int,
    'status': "ReviewStatus",
}, total=False)

# The query parameters of listProducts.
ListProductsParams = t.TypedDict('ListProductsParams', {
    'page': int,
    'limit': int,
    'cursor': str,
    'fields': str,
    'expand': t.List[t.Literal['variants', 'brand', 'categories']],
    'search': str,
    'categoryId': str,
    'brandId': str,
    'status': "ProductStatus",
    'featured': bool,
}, total=False)

# The query parameters of listPromotions.
ListPromotionsParams = t.TypedDict('ListPromotionsParams', {
    'page': int,
    'limit': int,
    'status': "PromotionStatus",
}, total=False)

LoyaltyAccount = t.TypedDict('LoyaltyAccount', {
    'id': str,
    'customerId': t.Required[str],
    'points': t.Required[int],
    'tier': t.Optional[str],
    'transactions': t.List["LoyaltyTransaction"],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

LoyaltyTransaction = t.TypedDict('LoyaltyTransaction', {
    'id': t.Required[str],
    'customerId': str,
    'type': t.Required[t.Literal['EARN', 'REDEEM']],
    'points': t.Required[int],
    'note': str,
    'orderId': str,
    'createdAt': t.Required[str],
}, total=False)

Metafield = t.TypedDict('Metafield', {
    'id': t.Required[str],
    'resourceType': "MetafieldResourceType",
    'resourceId': str,
    'namespace': t.Required[str],
    'key': t.Required[str],
    'value': t.Required[str],
    'valueType': t.Required["MetafieldValueType"],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

MetafieldCreate = t.TypedDict('MetafieldCreate', {
    'namespace': t.Required[str],
    'key': t.Required[str],
    'value': t.Required[str],
    'valueType': "MetafieldValueType",
}, total=False)

MetafieldEnvelope = t.TypedDict('MetafieldEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Metafield"],
}, total=False)

MetafieldList = t.TypedDict('MetafieldList', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required[t.List["Metafield"]],
}, total=False)

MetafieldResourceType = t.Literal['product', 'customer', 'order', 'site']

MetafieldUpdate = t.TypedDict('MetafieldUpdate', {
    'value': str,
    'valueType': "MetafieldValueType",
}, total=False)

MetafieldValueType = t.Literal['string', 'integer', 'json', 'boolean']

# The query parameters of modifyCart.
ModifyCartParams = t.TypedDict('ModifyCartParams', {
    'cartId': t.Required[str],
}, total=False)

OffsetPagination = t.TypedDict('OffsetPagination', {
    'page': t.Required[int],
    'limit': t.Required[int],
    'total': t.Required[int],
    'totalPages': t.Required[int],
}, total=False)

Order = t.TypedDict('Order', {
    'id': t.Required[str],
    'number': t.Required[str],
    'status': t.Required["OrderStatus"],
    'paymentStatus': t.Required["PaymentStatus"],
    'customerId': t.Optional[str],
    'email': t.Optional[str],
    'currency': str,
    'total': t.Required[int],
    'items': t.Required[t.List["LineItem"]],
    'shippingAddress': t.Optional["Address"],
    'checkoutId': t.Optional[str],
    'subtotal': int,
    'discount': int,
    'promotionCode': t.Optional[str],
    'paidAt': t.Optional[str],
    'cartId': t.Optional[str],
    'restoredAt': t.Optional[str],
    'createdAt': t.Required[str],
    'updatedAt': t.Required[str],
}, total=False)

OrderCursorPage = t.TypedDict('OrderCursorPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["Order"]],
    'cursor': t.Required[t.Optional[str]],
    'hasNextPage': t.Required[bool],
    'limit': t.Required[int],
}, total=False)

OrderEnvelope = t.TypedDict('OrderEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Order"],
}, total=False)

OrderPage = t.TypedDict('OrderPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["Order"]],
    'pagination': t.Required["OffsetPagination"],
}, total=False)

OrderStatus = t.Literal['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED']

# Inferred. The status an admin moves an order to.
OrderStatusUpdate = t.TypedDict('OrderStatusUpdate', {
    'status': t.Required[t.Literal['PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED']],
}, total=False)

Page = t.TypedDict('Page', {
    'id': t.Required[str],
    'title': t.Required[str],
    'slug': t.Required[str],
    'content': t.Optional[str],
    'status': t.Required[t.Literal['PUBLISHED', 'DRAFT']],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

PageList = t.TypedDict('PageList', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required[t.List["Page"]],
}, total=False)

# A payment provider's event; its shape is the provider's (verified by its signature).
PaymentCallback = t.Dict[str, t.Any]

# Inferred. One attempt to pay an order, through the payment provider.
PaymentSession = t.TypedDict('PaymentSession', {
    'id': t.Required[str],
    'orderId': t.Required[str],
    'status': t.Required["PaymentSessionStatus"],
    'amount': t.Required[int],
    'currency': t.Optional[str],
    'provider': t.Required[str],
    'url': t.Required[str],
    'reference': t.Optional[str],
    'returnUrl': t.Optional[str],
    'expiresAt': t.Required[str],
    'completedAt': t.Optional[str],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

PaymentSessionEnvelope = t.TypedDict('PaymentSessionEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["PaymentSession"],
}, total=False)

PaymentSessionStatus = t.Literal['PENDING', 'SUCCEEDED', 'FAILED']

PaymentStart = t.TypedDict('PaymentStart', {
    'returnUrl': str,
}, total=False)

PaymentStatus = t.Literal['PENDING', 'PAID', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED']

# Inferred - DUE_ON_RECEIPT or NET_<days> (NET_30, NET_60).
PaymentTerms = str

Product = t.TypedDict('Product', {
    'id': t.Required[str],
    'name': t.Required[str],
    'slug': t.Required[str],
    'description': t.Optional[str],
    'sku': t.Optional[str],
    'price': t.Required[int],
    'compareAtPrice': t.Optional[int],
    'images': t.Required[t.List[str]],
    'status': t.Required["ProductStatus"],
    'featured': t.Required[bool],
    'brandId': t.Optional[str],
    'categoryIds': t.Required[t.List[str]],
    'inventoryCount': t.Optional[int],
    'inventoryStatus': "InventoryStatus",
    'lowStockThreshold': t.Optional[int],
    'createdAt': t.Required[str],
    'updatedAt': t.Required[str],
    'variants': t.List["ProductVariant"],
    'brand': t.Optional["Brand"],
    'categories': t.List["Category"],
}, total=False)

ProductCreate = t.Union["ProductWritable"]

ProductCursorPage = t.TypedDict('ProductCursorPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["ProductSparse"]],
    'cursor': t.Required[t.Optional[str]],
    'hasNextPage': t.Required[bool],
    'limit': t.Required[int],
}, total=False)

ProductEnvelope = t.TypedDict('ProductEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Product"],
}, total=False)

ProductPage = t.TypedDict('ProductPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["ProductSparse"]],
    'pagination': t.Required[t.Dict[str, t.Any]],
}, total=False)

# A product as listed; with `fields` only the selected fields are present.
ProductSparse = t.TypedDict('ProductSparse', {
    'id': str,
    'name': str,
    'slug': str,
    'description': t.Optional[str],
    'sku': t.Optional[str],
    'price': int,
    'compareAtPrice': t.Optional[int],
    'images': t.List[str],
    'status': "ProductStatus",
    'featured': bool,
    'brandId': t.Optional[str],
    'categoryIds': t.List[str],
    'inventoryCount': t.Optional[int],
    'inventoryStatus': "InventoryStatus",
    'lowStockThreshold': t.Optional[int],
    'createdAt': str,
    'updatedAt': str,
    'variants': t.List["ProductVariant"],
    'brand': t.Optional["Brand"],
    'categories': t.List["Category"],
}, total=False)

# A single product with `fields` (sparse fieldset, inferred for GET /products/{productId}).
ProductSparseEnvelope = t.TypedDict('ProductSparseEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["ProductSparse"],
}, total=False)

ProductStatus = t.Literal['ACTIVE', 'DRAFT', 'ARCHIVED']

ProductUpdate = t.Union["ProductWritable"]

ProductVariant = t.TypedDict('ProductVariant', {
    'id': t.Required[str],
    'productId': t.Required[str],
    'name': t.Required[str],
    'sku': t.Optional[str],
    'price': t.Optional[int],
    'inventoryStatus': t.Required["InventoryStatus"],
    'inventoryCount': t.Required[int],
    'options': t.Required[t.Dict[str, str]],
    'isDefault': t.Required[bool],
    'lowStockThreshold': t.Optional[int],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

ProductVariantCreate = t.Union["ProductVariantWritable"]

ProductVariantEnvelope = t.TypedDict('ProductVariantEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["ProductVariant"],
}, total=False)

ProductVariantUpdate = t.Union["ProductVariantWritable"]

ProductVariantWritable = t.TypedDict('ProductVariantWritable', {
    'name': str,
    'sku': t.Optional[str],
    'price': t.Optional[int],
    'inventoryStatus': "InventoryStatus",
    'inventoryCount': int,
    'options': t.Dict[str, str],
    'isDefault': bool,
    'lowStockThreshold': t.Optional[int],
}, total=False)

ProductWritable = t.TypedDict('ProductWritable', {
    'name': str,
    'slug': str,
    'description': t.Optional[str],
    'sku': t.Optional[str],
    'price': int,
    'compareAtPrice': t.Optional[int],
    'images': t.List[str],
    'status': "ProductStatus",
    'featured': bool,
    'brandId': t.Optional[str],
    'categoryIds': t.List[str],
    'inventoryCount': t.Optional[int],
    'lowStockThreshold': t.Optional[int],
}, total=False)

Promotion = t.TypedDict('Promotion', {
    'id': t.Required[str],
    'code': t.Required[str],
    'type': t.Required["PromotionType"],
    'value': t.Required[float],
    'minOrderAmount': t.Optional[int],
    'maxUses': t.Optional[int],
    'usedCount': t.Required[int],
    'remainingUses': t.Optional[int],
    'maxUsesPerCustomer': t.Optional[int],
    'status': t.Required["PromotionStatus"],
    'startsAt': t.Optional[str],
    'expiresAt': t.Optional[str],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

PromotionCreate = t.TypedDict('PromotionCreate', {
    'code': t.Required[str],
    'type': t.Required["PromotionType"],
    'value': t.Required[float],
    'minOrderAmount': t.Optional[int],
    'maxUses': t.Optional[int],
    'maxUsesPerCustomer': t.Optional[int],
    'startsAt': t.Optional[str],
    'expiresAt': t.Optional[str],
}, total=False)

PromotionEnvelope = t.TypedDict('PromotionEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Promotion"],
}, total=False)

PromotionRedemption = t.TypedDict('PromotionRedemption', {
    'id': t.Required[str],
    'promotionId': t.Required[str],
    'email': t.Optional[str],
    'createdAt': str,
}, total=False)

PromotionStatus = t.Literal['ACTIVE', 'SCHEDULED', 'EXPIRED', 'EXHAUSTED']

PromotionType = t.Literal['PERCENTAGE', 'FIXED_AMOUNT', 'FREE_SHIPPING']

# The body of redeemLoyaltyPoints.
RedeemLoyaltyPointsBody = t.TypedDict('RedeemLoyaltyPointsBody', {
    'points': t.Required[int],
    'orderId': str,
    'note': str,
}, total=False)

Review = t.TypedDict('Review', {
    'id': t.Required[str],
    'productId': t.Required[str],
    'rating': t.Required[int],
    'title': t.Optional[str],
    'content': t.Optional[str],
    'reviewerName': str,
    'reviewerEmail': t.Optional[str],
    'status': t.Required["ReviewStatus"],
    'isVerifiedPurchase': t.Required[bool],
    'createdAt': t.Required[str],
    'updatedAt': str,
}, total=False)

# Inferred: rating and reviewerName are required; title and content are optional.
ReviewCreate = t.TypedDict('ReviewCreate', {
    'rating': t.Required[int],
    'title': str,
    'content': str,
    'reviewerName': t.Required[str],
    'reviewerEmail': str,
}, total=False)

ReviewEnvelope = t.TypedDict('ReviewEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["Review"],
}, total=False)

ReviewPage = t.TypedDict('ReviewPage', {
    'success': t.Required[t.Literal[True]],
    'items': t.Required[t.List["Review"]],
    'pagination': t.Required["OffsetPagination"],
}, total=False)

ReviewStatus = t.Literal['PENDING', 'PUBLISHED', 'ARCHIVED', 'SPAM']

SiteConfig = t.TypedDict('SiteConfig', {
    'id': t.Required[str],
    'name': t.Required[str],
    'locale': t.Required[str],
    'currency': t.Required[str],
    'primaryDomain': t.Optional[str],
    'domains': t.List[str],
    'theme': t.Dict[str, str],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

SiteConfigEnvelope = t.TypedDict('SiteConfigEnvelope', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required["SiteConfig"],
}, total=False)

StoreCreditAccount = t.TypedDict('StoreCreditAccount', {
    'id': str,
    'customerId': t.Required[str],
    'balance': t.Required[int],
    'transactions': t.List["StoreCreditTransaction"],
    'createdAt': str,
    'updatedAt': str,
}, total=False)

StoreCreditTransaction = t.TypedDict('StoreCreditTransaction', {
    'id': t.Required[str],
    'customerId': str,
    'type': t.Required[t.Literal['CREDIT', 'DEBIT']],
    'amount': t.Required[int],
    'note': str,
    'orderId': str,
    'createdAt': t.Required[str],
}, total=False)

# The body of validatePromotion.
ValidatePromotionBody = t.TypedDict('ValidatePromotionBody', {
    'code': t.Required[str],
    'cartTotal': t.Required[int],
    'email': str,
}, total=False)

WebhookEvent = t.Literal['order.created', 'order.updated', 'payment.confirmed', 'payment.failed', 'inventory.low', 'cart.abandoned', 'review.created']

# The body of every webhook delivery, signed in `X-Shopvo-Signature: t=<unix>,sha256=<hex>` (HMAC-SHA256 of `<t>.<raw body>` with the subscription's secret).
WebhookPayload = t.TypedDict('WebhookPayload', {
    'event': t.Required["WebhookEvent"],
    'timestamp': t.Required[str],
    'siteId': t.Required[str],
    'data': t.Required[t.Dict[str, t.Any]],
}, total=False)

WebhookPaymentData = t.TypedDict('WebhookPaymentData', {
    'id': t.Required[str],
    'number': t.Required[str],
    'status': t.Required["OrderStatus"],
    'paymentStatus': t.Required["PaymentStatus"],
    'total': t.Required[int],
    'currency': t.Required[str],
}, total=False)

WebhookSubscription = t.TypedDict('WebhookSubscription', {
    'id': t.Required[str],
    'url': t.Required[str],
    'events': t.Required[t.List["WebhookEvent"]],
    'createdAt': t.Required[str],
    'updatedAt': t.Required[str],
}, total=False)

WebhookSubscriptionCreate = t.TypedDict('WebhookSubscriptionCreate', {
    'url': t.Required[str],
    'events': t.Required[t.List["WebhookEvent"]],
}, total=False)

WebhookSubscriptionCreated = t.TypedDict('WebhookSubscriptionCreated', {
    'success': t.Required[t.Literal[True]],
    'data': t.Required[t.Dict[str, t.Any]],
}, total=False)

# The body of every error answer (`ApiError.envelope`): {"error": "$message"}
ApiErrorEnvelope = t.TypedDict("ApiErrorEnvelope", {
    'error': str,
}, total=False)
