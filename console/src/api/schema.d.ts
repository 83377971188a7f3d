// Generated from docs/openapi.yaml by `npm run api`. Do not edit.

export interface paths {
    "/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List catalog products
         * @description Any authenticated principal. Filters are optional and combine with AND.
         */
        get: operations["ListProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/products/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one catalog product
         * @description Any authenticated principal.
         */
        get: operations["GetProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant
         * @description Tenant admins (`GlobalAdmin`, `BillingAdmin`), agents of its partner, `Operator`.
         */
        get: operations["GetTenant"];
        /**
         * Create or replace a tenant's commercial facts
         * @description `Operator` only. Replaces every commercial fact (omitting `hasAgreement`
         *     sets it to false; omitting `partnerId` removes the partner link); the
         *     tenant's policy settings are kept. Every change is written to the
         *     activity log.
         */
        put: operations["PutTenant"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partners/{partnerId}/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a partner's customer tenants
         * @description Agents (`AdminAgent`, `SalesAgent`, `HelpdeskAgent`) of that partner only.
         */
        get: operations["ListCustomers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partners/{partnerId}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a partner's invoices
         * @description The partner's `AdminAgent` and `SalesAgent` members, and so its own `GlobalAdmin` and
         *     `BillingAdmin` (docs/spec.md §15): the invoices of its partner purchases
         *     (docs/spec.md §10), newest month first.
         */
        get: operations["ListPartnerInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe a policy, its values and its default
         * @description Tenant admins and agents of its partner.
         */
        get: operations["GetPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{policyId}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's effective policy value for every self-service eligible product
         * @description Tenant admins and agents of its partner. Not paged (one item per eligible catalog product).
         */
        get: operations["ListProductPolicies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{policyId}/products/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's effective policy value for one product
         * @description Tenant admins and agents of its partner.
         */
        get: operations["GetProductPolicy"];
        /**
         * Set the tenant's policy value for one product
         * @description `GlobalAdmin` or `BillingAdmin` of the tenant only. The legacy
         *     `{"enabled": true|false}` form means `Enabled`/`Disabled`. The change
         *     affects only purchases and trials made after it, is written to the
         *     activity log and emits `policy.updated`.
         */
        put: operations["UpdateProductPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's subscriptions
         * @description Tenant members and agents of its partner. Admins and agents see every
         *     subscription; a user (no admin or agent role) only those they bought.
         *     Filters are optional and combine with AND. Items carry
         *     `allowedActions` but no `cancellationQuote` (read one subscription
         *     for it).
         */
        get: operations["ListSubscriptions"];
        put?: never;
        /**
         * Buy a product or start a trial
         * @description The channel is the buyer's: an `AdminAgent`/`SalesAgent` of the
         *     tenant's partner buys as `partner` (billed to the partner), a
         *     `GlobalAdmin`/`BillingAdmin` as `central` (billed to the tenant's
         *     account), any other member as `selfService` for themself (docs/spec.md §4.1,
         *     §4.2). A purchase starts `Active` and writes its `purchase` order; a
         *     trial starts `Trial` with no order. An ISV offer with a trial bought
         *     through a partner always starts as a trial. The `Idempotency-Key`
         *     header is required. Written to the activity log; emits
         *     `subscription.created`.
         *
         *     A reservation (a product with `reservation: true`, e.g.
         *     `DZH318Z08M9Z`) bought by a member of the tenant rather than an
         *     agent is a customer's own reservation purchase (docs/spec.md §5): the
         *     partner's reservations permission must be on, and the buyer must be
         *     `Owner` of the tenant's `Active` Azure plan subscription named by
         *     `azureSubscriptionId`. It is not a self-service or central purchase:
         *     it has channel `partner`, `customerPurchase: true`, is billed to the
         *     partner (`billTo`), only the partner's agents may change it, and the
         *     partner's agents' endpoints get no webhook events of it.
         */
        post: operations["CreateSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a subscription
         * @description Tenant members and agents of its partner; a user only a subscription
         *     they bought. With what the caller may do now (`allowedActions`) and,
         *     while `Trial` or `Active`, what cancelling now would do
         *     (`cancellationQuote`). The `ETag` is the value for `If-Match` on changes.
         */
        get: operations["GetSubscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the quantity or auto-renew
         * @description The manager of the subscription (docs/spec.md §4.6, §16). A quantity
         *     increase of a paid license-based subscription writes a prorated
         *     `proration` order; a decrease inside the refund window writes a
         *     `credit` order. `autoRenew: true` undoes a scheduled cancellation.
         *     Written to the activity log; emits `subscription.updated`.
         */
        patch: operations["UpdateSubscription"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/payment-method": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Give a subscription a new payment method
         * @description The manager of a self-service subscription (docs/spec.md §10). On an
         *     `Active` one the method is used for the next charges. On a `PastDue`
         *     one what it owes is charged at once: `200` paid and `Active` again
         *     (`subscription.payment_succeeded`), or `402 payment_declined` and
         *     nothing changes. On a `Trial` without a payment method it makes the
         *     trial convertible (it converts and is charged at its end), only while
         *     the product's policy is `Enabled`. An add-on pays with its base's
         *     method. Written to the activity log.
         */
        put: operations["UpdatePaymentMethod"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a subscription
         * @description The manager of the subscription; a `GlobalAdmin`/`BillingAdmin` may
         *     also cancel a self-service one not yet taken over, which implies the
         *     take-over and is immediate (docs/spec.md §4.4, §4.8). A trial, a usage-based
         *     subscription, one inside its refund window (credited everything
         *     charged for the current term, as a `credit` order) or an admin's
         *     cancel of a self-service one becomes `Deleted` at once: `200`.
         *     Otherwise `cancelAtTermEnd` is set, `autoRenew` turned off and it stays
         *     `Active` until `termEnd`: `202` (cancelling again changes nothing and
         *     answers `202` again). A base's live add-ons are cancelled with it.
         *     Written to the activity log; emits `subscription.cancelled` or
         *     `subscription.cancellation_scheduled`.
         */
        post: operations["CancelSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a subscription
         * @description Admins of central or taken-over self-service subscriptions,
         *     `AdminAgent`/`SalesAgent` of the partner for partner ones (docs/spec.md §4.5).
         *     Its users lose access; `dataDeletionAt` is set from the tenant's
         *     retention. A base's live add-ons are suspended with it. Suspending a
         *     `Suspended` subscription changes nothing and answers `200`. Written to
         *     the activity log; emits `subscription.suspended`.
         */
        post: operations["SuspendSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reactivate a suspended subscription
         * @description As SuspendSubscription. Before `dataDeletionAt` only: back to `Active`
         *     (or `Trial` if it was suspended during its trial) with its suspended
         *     add-ons; an add-on needs an `Active` base. Written to the activity
         *     log; emits `subscription.reactivated`. No body (or `{}`).
         */
        post: operations["ReactivateSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/takeover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take over a self-service subscription
         * @description `GlobalAdmin` or `BillingAdmin` of the tenant (docs/spec.md §4.8). The admins
         *     then manage it (and its live add-ons) instead of the purchaser; sets
         *     `takenOver`. Idempotent: taking over again changes nothing and answers
         *     `200`. Written to the activity log; emits `subscription.taken_over`.
         *     No body (or `{}`).
         */
        post: operations["TakeOverSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/addons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Buy an add-on through its base subscription
         * @description The manager of the base subscription (docs/spec.md §4.6). The base must be
         *     `Active` and not itself an add-on, and the product must list the
         *     base's product in `addOnOf`. The add-on takes the base's channel,
         *     purchaser, billing frequency and term; its first charge is prorated
         *     for the rest of the term (a `proration` order). The `Idempotency-Key`
         *     header is required; `If-Match` is checked against the base's ETag.
         *     Written to the activity log; emits `subscription.created`.
         */
        post: operations["CreateAddOn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/move-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move every licensed user to another subscription, of the same product or another
         * @description `GlobalAdmin` or `BillingAdmin` of the tenant (docs/spec.md §4.8, §15);
         *     a self-service source not taken over yet is taken over by the move, as
         *     by an admin's cancel. The source must be `Trial` or `Active`; the
         *     target another `Active` subscription of the tenant, of any product,
         *     managed by the admin (a self-service target must be taken over), with one available
         *     license per moved user (users already licensed there need none), else
         *     `409 insufficient_licenses` and nothing changes. The target's licenses
         *     are reserved first, then users move in atomic chunks (no user is ever
         *     without a license); at the end the source, and a base's live add-ons,
         *     become `Deleted` (reason `usersMoved`). All or nothing as seen from
         *     the API: the `Idempotency-Key` header is required, and a retry with it
         *     resumes an interrupted move where it stopped (a finished one is
         *     replayed). `If-Match` is checked against the source's ETag when the
         *     move starts; a retry with the key resumes or replays whatever the
         *     ETag has become (the move itself changes the source). Written to
         *     the activity log; emits `subscription.cancelled` (reason `usersMoved`).
         */
        post: operations["MoveUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a subscription's licensed users
         * @description Tenant members and agents of its partner; a user only for a
         *     subscription they bought (docs/spec.md §4.7). A `Deleted` or `Expired`
         *     subscription has no licenses (an empty list).
         */
        get: operations["ListLicenses"];
        put?: never;
        /**
         * Assign licenses to users
         * @description The manager of the subscription (an admin must take a self-service
         *     one over first), while `Trial` or `Active` (docs/spec.md §4.7). Users who
         *     already hold a license are no-ops (`unchanged`); the others get one,
         *     all or none, up to `quantity`. Written to the activity log; emits
         *     `licenses.changed` when someone got a license.
         */
        post: operations["AssignLicenses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign licenses to up to 10,000 users in one resumable request
         * @description AssignLicenses for up to 10,000 users (docs/spec.md §4.7), with the
         *     same callers, rules and no-ops, and a body of up to 4 MiB (every other
         *     route: 64 KiB). A license for every user who lacks one is reserved
         *     first — else `409 insufficient_licenses` and nothing changes — then
         *     users are licensed 90 per transaction, each step written to the
         *     activity log with its `licenses.changed` event. The `Idempotency-Key`
         *     header is required: if the request is interrupted (a timeout, a
         *     crash, API Gateway's `503` after 30 seconds), a retry with the same
         *     key and body resumes where it stopped and answers as an
         *     uninterrupted request would have; a finished one is replayed. The
         *     reserved licenses are held until then: the subscription can't be
         *     cancelled or suspended meanwhile. `If-Match` is checked when the
         *     request starts.
         */
        post: operations["AssignLicensesBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a user's license
         * @description The manager of the subscription (an admin must take a self-service
         *     one over first); `Trial`, `Active` or `Suspended` (docs/spec.md §4.7). Frees
         *     the seat. Written to the activity log; emits `licenses.changed`.
         *     No body (or `{}`).
         */
        delete: operations["UnassignLicense"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/roles/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Make a user Owner of an Azure plan subscription
         * @description `GlobalAdmin`, `BillingAdmin` or the partner's `AdminAgent` (docs/spec.md §5).
         *     The subscription must be an `Active` Azure plan (usage-based)
         *     subscription; `Owner` is the role a customer user needs to buy
         *     reservations for it. Assigning it again changes nothing. Written to
         *     the activity log.
         */
        put: operations["AssignSubscriptionRole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/licenses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's licenses per product
         * @description Tenant admins (`GlobalAdmin`, `BillingAdmin`) and agents of its
         *     partner (docs/spec.md §4.7). Over the `Trial` and `Active` subscriptions: a
         *     product with several subscriptions is listed once, its quantity,
         *     assigned and available licenses the totals over them, its users
         *     grouped by purchaser. Not paged.
         */
        get: operations["LicenseSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/licenses/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the licensed users of chosen subscriptions as CSV
         * @description Tenant admins (`GlobalAdmin`, `BillingAdmin`) and agents of its
         *     partner (docs/spec.md §4.7). RFC 4180 CSV (CRLF line ends) with a header row
         *     `subscriptionId,productName,purchaserName,userId,displayName,email,assignedAt`,
         *     then one row per license, by subscriptionId then userId; `Deleted`
         *     and `Expired` subscriptions have no rows, and a subscriptionId given
         *     twice counts once. A cell starting with `=`, `+`, `-`, `@`, tab or
         *     carriage return is prefixed with `'` so spreadsheets don't run it as
         *     a formula. `assignedAt` is RFC 3339. At most 10,000 rows a page (a
         *     function answers at most 6 MB): when there are more, a
         *     `Link: <…?subscriptionId=…&cursor=…>; rel="next"` header names the
         *     next page, which has the header row again (the last page may have no
         *     rows).
         */
        get: operations["ExportLicenses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's order history
         * @description Tenant members and agents of its partner (docs/spec.md §4.3). Admins and
         *     agents see every charge and credit; a user only those of their own
         *     purchases.
         */
        get: operations["ListOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's invoices and its purchasers'
         * @description Tenant members and agents of its partner (docs/spec.md §10). Admins and agents see
         *     the tenant's own invoices (central purchases) and every purchaser's (self-service
         *     purchases); a user only their own. Newest month first.
         */
        get: operations["ListInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invoices/{invoiceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an invoice with its lines
         * @description As ListInvoices; a user only their own invoices.
         */
        get: operations["GetInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an invoice as PDF
         * @description As GetInvoice. The PDF's text holds the number, the bill-to, every line and the totals.
         */
        get: operations["GetInvoicePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's activity log
         * @description Tenant admins (`GlobalAdmin`, `BillingAdmin`) and agents of its
         *     partner (docs/spec.md §6). Every change, by the API or a scheduled sweep, in
         *     the range [`from`, `to`], newest first.
         */
        get: operations["ListActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/customer-permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get what the customer's partner lets its users do
         * @description Tenant admins (`GlobalAdmin`, `BillingAdmin`) and agents
         *     (`AdminAgent`, `SalesAgent`, `HelpdeskAgent`) of its partner (docs/spec.md §5).
         *     The only permission is `reservations`: whether the customer's `Owner`s
         *     of its Azure plan subscription may buy reservations themselves.
         */
        get: operations["GetCustomerPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/customer-permissions/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Let the customer buy reservations, or stop it
         * @description The `AdminAgent` of the tenant's partner only (docs/spec.md §5). Turning it on
         *     needs an `Active` Azure plan subscription in the tenant with a user
         *     holding the `Owner` role on it (AssignSubscriptionRole). Setting the
         *     current value again changes nothing, logs nothing and answers `200`.
         *     A change is written to the activity log as "Create customer purchase
         *     permission" (on) or "Delete customer purchase permission" (off), with
         *     the actor and the customer, and emits `customer_permission.updated`
         *     to the endpoints of the tenant's admins and of the partner's agents.
         */
        put: operations["SetReservationPermission"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Any member of the tenant and agents of its partner. Tenant admins
         *     (`GlobalAdmin`, `BillingAdmin`) see every endpoint of the tenant;
         *     anyone else only the endpoints they registered. Secrets are never
         *     shown.
         */
        get: operations["ListWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Any member of the tenant and agents of its partner (docs/spec.md §8). The
         *     endpoint's `owner.scope` is fixed from the caller's roles and decides
         *     what it receives: `tenant` for a `GlobalAdmin`/`BillingAdmin` (every
         *     event of the tenant), `partner` for an agent of the tenant's partner
         *     (events of the subscriptions that partner manages), `purchaser` for
         *     anyone else (events of their own subscriptions). `eventTypes` filters
         *     them further (empty or absent: all). The URL must be `https` (the local
         *     runner also allows `http` to loopback), without credentials or a
         *     fragment, and resolve only to public addresses. The answer carries the
         *     signing `secret`, shown only here and by RotateWebhookSecret. Written
         *     to the activity log (without the secret, and the URL without its
         *     query).
         */
        post: operations["CreateWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description The endpoint's owner or a tenant admin (`GlobalAdmin`,
         *     `BillingAdmin`); for anyone else of the tenant it does not exist
         *     (`404`). Its pending deliveries are cancelled when they fall due.
         *     Written to the activity log. No body (or `{}`).
         */
        delete: operations["DeleteWebhookEndpoint"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{endpointId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an endpoint's signing secret
         * @description The endpoint's owner only: a tenant admin who is not the owner gets
         *     `403 forbidden` (the new secret is shown to the caller; admins may
         *     delete the endpoint instead); anyone else `404`. Makes a new
         *     signing secret, returned once in the answer. For 24 hours deliveries
         *     are signed with both the new and the previous secret (two
         *     space-separated `v1,` signatures in `webhook-signature`); then with
         *     the new one only. Written to the activity log (without the secrets).
         *     No body (or `{}`).
         */
        post: operations["RotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{endpointId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event to an endpoint
         * @description The endpoint's owner or a tenant admin; others `404`. Emits a
         *     `webhook.test` event addressed to this endpoint only, delivered like
         *     any other event (signed, retried on failure); follow it with
         *     ListDeliveries. It reaches the endpoint whatever its `eventTypes`
         *     filter. Its `data` is
         *     `{"endpointId": …, "message": …}`. Written to the activity log. No
         *     body (or `{}`).
         */
        post: operations["TestWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an endpoint's deliveries
         * @description The endpoint's owner or a tenant admin; others `404`. Each delivery
         *     is one event sent to this endpoint, with every attempt and the exact
         *     body sent.
         */
        get: operations["ListDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{endpointId}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attempt a delivery again now
         * @description The endpoint's owner or a tenant admin; others `404`. Makes one
         *     manual attempt now, whatever the delivery's status (same
         *     `webhook-id` and body, signed afresh), and records it with
         *     `manual: true`. A success makes the delivery `succeeded`; a failed
         *     manual attempt changes neither its status nor its schedule. The
         *     answer comes after the attempt (up to 15 s). With an
         *     Idempotency-Key, a replay answers the recorded outcome without a new
         *     attempt. At most 20 manual attempts per delivery (then `409
         *     invalid_status`). Written to the activity log. No body (or `{}`).
         */
        post: operations["RetryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    event: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An event delivered to a registered endpoint
         * @description What selfserve sends to each enabled endpoint whose scope and
         *     `eventTypes` match an event (docs/spec.md §8), signed per
         *     [Standard Webhooks](https://www.standardwebhooks.com/): a `POST` of
         *     `Content-Type: application/json` with `User-Agent:
         *     selfserve-webhooks/1`. Redirects are not followed.
         *
         *     **Verifying.** Compute HMAC-SHA256, keyed with the base64-decoded
         *     part of the secret after `whsec_`, over
         *     `<webhook-id>.<webhook-timestamp>.<raw body>`; compare its base64
         *     with each `v1,` signature of `webhook-signature` in constant time.
         *     Reject timestamps far from your clock to stop replays.
         *
         *     **Outcome.** A `2xx` answer within 15 s is a success; anything else
         *     (another status, a timeout, a network failure) is a failed attempt.
         *     Attempts are made at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h
         *     and 10 h after each failure (minimums: the retry sweep runs every
         *     minute); after the 8th failed attempt the delivery is `failed`. On
         *     `429` or `503` a `Retry-After` (seconds or an HTTP date) longer than
         *     the next delay is honoured, capped at 10 h. `410 Gone` disables the
         *     endpoint at once (`disabledReason: gone`); an endpoint failing for 5
         *     days since its last success is disabled (`disabledReason:
         *     failing`). Pending deliveries of a disabled or deleted endpoint are
         *     `cancelled`; a disabled endpoint is not re-enabled, register it
         *     again.
         *
         *     **Duplicates and order.** Delivery is at least once: a retry, or
         *     the same event processed again, carries the same `webhook-id`
         *     (the event id), so deduplicate on it. Deliveries are not ordered;
         *     order the events of one subscription by `data.sequence`.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event id; the same on every attempt of the delivery. */
                    "webhook-id": string;
                    /** @description When this attempt was signed, in Unix seconds. */
                    "webhook-timestamp": string;
                    /**
                     * @description `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`;
                     *     for 24 h after a rotation two such signatures, space-separated
                     *     (new secret first, then the previous one). Accept the request if
                     *     any of them matches.
                     */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            responses: {
                /** @description Gone; the endpoint is disabled and receives nothing more. */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Received; the delivery succeeded. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A failed attempt; retried by the schedule. */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
        Id: string;
        /** @description API Gateway's own error body, sent when no function answers: 401 (JWT authorizer), 413 (over 10 MB), 429 (throttling), 5xx (the function gave no answer). Every other error is a `Problem`. */
        GatewayError: {
            /**
             * @example Unauthorized
             * @example Request Entity Too Large
             * @example Internal Server Error
             */
            message: string;
        };
        /** @description RFC 9457 problem details. Branch on `code`. Some errors add extension members. */
        Problem: {
            /**
             * Format: uri
             * @description `urn:selfserve:problem:` followed by the code.
             * @example urn:selfserve:problem:policy_not_found
             */
            type: string;
            /**
             * @description The HTTP status text.
             * @example Not Found
             */
            title: string;
            status: number;
            /**
             * @description The stable, machine-readable error code (docs/spec.md).
             * @example invalid_request
             * @example not_found
             * @example policy_not_found
             * @example idempotency_key_mismatch
             */
            code: string;
            /** @description A human explanation, safe to show; never an internal error text. */
            detail: string;
            /**
             * @description The request member or query parameter at fault, for invalid_request: the member's name as sent, a dotted path for a nested one (`users.3.email`), or the query parameter's name. Absent when the problem is not about one of them.
             * @example quantity
             * @example users.3.email
             * @example status
             */
            field?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description An amount in integer minor units of an ISO 4217 currency. */
        Money: {
            /** Format: int64 */
            amount: number;
            /** @example USD */
            currency: string;
        };
        TrialTerms: {
            days: number;
            requiresPaymentMethod: boolean;
        };
        /** @description A product's price and terms for one billing frequency. */
        Offer: {
            /** @enum {string} */
            billingFrequency: "monthly" | "annual";
            unitPrice: components["schemas"]["Money"];
            /**
             * @description ISO 8601 duration (days, hours, minutes), e.g. `PT24H`, `P14D`.
             * @example PT24H
             * @example P14D
             */
            cancellationWindow: string;
            trial?: components["schemas"]["TrialTerms"];
        };
        /** @description A catalog entry (docs/spec.md §2). */
        Product: {
            /** @example CFQ7TTC0KP0P */
            productId: string;
            name: string;
            /** @enum {string} */
            publisher: "microsoft" | "partner";
            /** @enum {string} */
            billingType: "license" | "usage";
            /** @enum {string} */
            category: "enterprise" | "smallBusiness" | "trial";
            selfServiceEligible: boolean;
            /** @description Present only for self-service eligible products. */
            defaultPolicyValue?: components["schemas"]["PolicyValue"];
            /** @description Base productIds; non-empty for add-ons. */
            addOnOf: string[];
            limitOnePerTenant: boolean;
            /** @description ISO 3166-1 alpha-2 codes; empty means everywhere. */
            availableCountries: string[];
            availableViaPartner: boolean;
            exclusivePartnerIds: string[];
            /**
             * @description Present (true) only for reservations (e.g. `DZH318Z08M9Z`): bought by
             *     the partner's agents, or by a customer's `Owner` of its `Active`
             *     Azure plan subscription while the partner allows it (docs/spec.md §5).
             */
            reservation?: boolean;
            offers: components["schemas"]["Offer"][];
        };
        ProductList: {
            items: components["schemas"]["Product"][];
        };
        /** @description The body of PutTenant. Server-set fields such as `tenantId` are refused. */
        TenantInput: {
            name: string;
            /**
             * @description ISO 3166-1 alpha-2 code.
             * @example US
             */
            country: string;
            /** @default false */
            hasAgreement: boolean;
            /** @description The partner's tenant id; empty or absent for none. A tenant can't be its own partner. */
            partnerId?: string;
            /**
             * Format: date-time
             * @description Defaults to the time of the tenant's first PUT; a PUT that omits it keeps the tenant's.
             */
            createdAt?: string;
            /**
             * Format: date-time
             * @description Defaults to createdAt; may not be before it.
             */
            firstBillingAt?: string;
            /**
             * Format: email
             * @description Where the tenant's payment failures and invoices go; absent for none.
             */
            billingEmail?: string;
        };
        Tenant: {
            tenantId: components["schemas"]["Id"];
            name: string;
            country: string;
            hasAgreement: boolean;
            /** @description Absent when the tenant has no partner. */
            partnerId?: components["schemas"]["Id"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            firstBillingAt: string;
            /** Format: email */
            billingEmail?: string;
            customerPermissions: components["schemas"]["CustomerPermissions"];
        };
        /** @description What the customer's partner lets its users do (docs/spec.md §5); changed only by SetReservationPermission. */
        CustomerPermissions: {
            reservations: components["schemas"]["Permission"];
        };
        /** @description A customer permission's state; off until the partner turns it on. */
        Permission: {
            enabled: boolean;
            /**
             * Format: date-time
             * @description When it was last changed; absent if it never was.
             */
            updatedAt?: string;
            /** @description The user id of the AdminAgent who last changed it; absent if it never was. */
            updatedBy?: string;
        };
        /** @description A customer's permissions, the answer of GetCustomerPermissions and SetReservationPermission. */
        CustomerPermissionsView: {
            tenantId: components["schemas"]["Id"];
            reservations: components["schemas"]["Permission"];
        };
        /** @description The body of SetReservationPermission. */
        ReservationPermissionUpdate: {
            /** @description `true` lets the customer's Azure plan Owners buy reservations; `false` stops it. */
            enabled: boolean;
        };
        TenantList: {
            items: components["schemas"]["Tenant"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /**
         * @description `Enabled` ("Allow"): users may buy and start trials;
         *     `OnlyTrialsWithoutPaymentMethod` ("Allow for trials only");
         *     `Disabled` ("Do not allow").
         * @enum {string}
         */
        PolicyValue: "Enabled" | "OnlyTrialsWithoutPaymentMethod" | "Disabled";
        Policy: {
            /** @constant */
            policyId: "AllowSelfServicePurchase";
            description: string;
            defaultValue: components["schemas"]["PolicyValue"];
            values: {
                value: components["schemas"]["PolicyValue"];
                /** @enum {string} */
                label: "Allow" | "Allow for trials only" | "Do not allow";
            }[];
        };
        /** @description A product's effective AllowSelfServicePurchase value in a tenant. */
        ProductPolicy: {
            /** @constant */
            policyId: "AllowSelfServicePurchase";
            productId: string;
            productName: string;
            policyValue: components["schemas"]["PolicyValue"];
            /** @description True when the tenant never set a value (policyValue is then defaultValue). */
            isDefault: boolean;
            /** @description The product's defaultPolicyValue. */
            defaultValue: components["schemas"]["PolicyValue"];
        };
        ProductPolicyList: {
            items: components["schemas"]["ProductPolicy"][];
        };
        /** @description Either the value or the legacy enabled flag, not both. */
        ProductPolicyUpdate: {
            policyValue: components["schemas"]["PolicyValue"];
        } | {
            enabled: boolean;
        };
        /** @description The body of CreateSubscription. Server-set fields such as `status`, `tenantId`, `price` or `version` are refused. */
        SubscriptionCreate: {
            /** @description A catalog productId; add-ons are bought with CreateAddOn. */
            productId: components["schemas"]["Id"];
            /** @enum {string} */
            billingFrequency: "monthly" | "annual";
            /** @default 1 */
            quantity: number;
            /**
             * @description Start the offer's trial instead of buying.
             * @default false
             */
            trial: boolean;
            /**
             * @description An opaque payment-method reference, never shown back (the
             *     subscription shows `hasPaymentMethod`). Self-service only: required
             *     for a purchase and for a trial whose terms require one.
             */
            paymentMethodId?: string;
            /** @description Defaults to true when the subscription can be charged (a payment method, central or partner), false otherwise; true without one is `422 payment_method_required`. */
            autoRenew?: boolean;
            /**
             * @description Reservations only (a product with `reservation: true`); given for
             *     any other product it is `400 invalid_request`. Required when a
             *     customer user (not an agent of the partner) buys a reservation: the
             *     id of the tenant's `Active` Azure plan subscription it is for, of
             *     which the buyer must be `Owner` (docs/spec.md §5). An agent may give it; it
             *     is then recorded as given.
             */
            azureSubscriptionId?: components["schemas"]["Id"];
        };
        /** @description The body of UpdateSubscription; at least one field. */
        SubscriptionUpdate: {
            quantity?: number;
            /** @description `true` also undoes a scheduled cancellation. */
            autoRenew?: boolean;
        };
        /** @description A reason from the admin center's picklist, with an optional text. A request with only `reason` means `other`; one with neither is refused. */
        CancelRequest: {
            reasonCode?: components["schemas"]["CancelReasonCode"];
            /** @description Free text, not blank, at most 500 characters. */
            reason?: string;
        };
        /** @enum {string} */
        CancelReasonCode: "noLongerNeeded" | "tooExpensive" | "switchingProduct" | "boughtByMistake" | "other";
        SuspendRequest: {
            reason: components["schemas"]["SuspensionReason"];
        };
        /** @description The body of CreateAddOn. */
        AddOnCreate: {
            /** @description An add-on product whose `addOnOf` lists the base's productId. */
            productId: components["schemas"]["Id"];
            /** @default 1 */
            quantity: number;
        };
        /** @enum {string} */
        SuspensionReason: "customerRequest" | "nonPayment" | "fraud" | "other";
        /** @description Who bought the subscription. Personal data, removed when the subscription's data is deleted. */
        Purchaser: {
            userId: string;
            name?: string;
            email?: string;
            /**
             * @description The language of the purchaser's mails, from the token's locale claim at purchase (English when absent).
             * @enum {string}
             */
            locale?: "en" | "fr" | "zh-CN" | "zh-TW";
        };
        /** @description An admin took control of a self-service subscription (docs/spec.md §4.8). */
        TakeOver: {
            /** @description The admin's user id. */
            by: string;
            /** Format: date-time */
            at: string;
        };
        /** @description Who pays; the partner for partner purchases. */
        BillTo: {
            /** @enum {string} */
            type: "tenant" | "partner";
            /** @description The tenant's or the partner's tenant id. */
            id: string;
        };
        /**
         * @description A purchase or trial of a product (docs/spec.md §4). The fields common to every
         *     subscription response; responses are `SubscriptionView` or
         *     `SubscriptionCancellation`, which add members and close the object
         *     with `unevaluatedProperties: false` (so this schema has no
         *     `additionalProperties: false` of its own).
         */
        Subscription: {
            id: components["schemas"]["Id"];
            tenantId: components["schemas"]["Id"];
            /** @example CFQ7TTC0KP0P */
            productId: string;
            productName: string;
            /** @enum {string} */
            billingType: "license" | "usage";
            /** @enum {string} */
            billingFrequency: "monthly" | "annual";
            quantity: number;
            /** @enum {string} */
            channel: "selfService" | "central" | "partner";
            purchaser: components["schemas"]["Purchaser"];
            /** @enum {string} */
            status: "Trial" | "Active" | "PastDue" | "Suspended" | "Expired" | "Deleted";
            autoRenew: boolean;
            /** @description A cancellation is scheduled for `termEnd`. */
            cancelAtTermEnd: boolean;
            hasPaymentMethod: boolean;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description Present for subscriptions that started as a trial.
             */
            trialEndsAt?: string;
            /** Format: date-time */
            termStart: string;
            /**
             * Format: date-time
             * @description The end of the current term (the "expiration date").
             */
            termEnd: string;
            /**
             * Format: date-time
             * @description The end of the current paid term's refund window (license-based only).
             */
            refundableUntil?: string;
            /**
             * Format: date-time
             * @description Present while `Suspended`.
             */
            suspendedAt?: string;
            /** @description Present while `Suspended`. */
            suspensionReason?: components["schemas"]["SuspensionReason"];
            /**
             * Format: date-time
             * @description When a `Suspended` subscription's data is deleted unless it is reactivated.
             */
            dataDeletionAt?: string;
            /** Format: date-time */
            cancelledAt?: string;
            /** @description The reason of a cancellation, done or scheduled (its text, else its code). */
            cancellationReason?: string;
            cancellationReasonCode?: components["schemas"]["CancelReasonCode"];
            takenOver?: components["schemas"]["TakeOver"];
            /** @description The base subscription of an add-on; absent otherwise. */
            baseSubscriptionId?: components["schemas"]["Id"];
            /** @description The partner that bought it (partner channel); absent otherwise. */
            partnerId?: components["schemas"]["Id"];
            /**
             * @description Present (true) only on a reservation a customer user bought under
             *     the partner's reservations permission (docs/spec.md §5): channel `partner`,
             *     billed to the partner, changed only by the partner's agents; the
             *     partner's agents get no webhook events of it.
             */
            customerPurchase?: boolean;
            /** @description The Azure plan subscription a reservation is for; absent when none was given. */
            azureSubscriptionId?: string;
            billTo: components["schemas"]["BillTo"];
            unitPrice: components["schemas"]["Money"];
            /** @description unitPrice × quantity, per term. */
            price: components["schemas"]["Money"];
            assignedLicenses: number;
            /** @description Licenses held for users being moved into this subscription (a move in progress). */
            reservedLicenses?: number;
            pastDue?: components["schemas"]["PaymentDue"];
            /** @description The target of a move of this subscription's users in progress; until it completes the subscription gains no licenses, keeps its quantity and can't be cancelled or suspended (`409 invalid_status`). */
            movingTo?: string;
            /**
             * Format: int64
             * @description Increases with every change; the `ETag` is its quoted value.
             */
            version: number;
        };
        /** @description Whether the reader may do an action now and, when not, why. */
        AllowedAction: {
            /** @enum {string} */
            action: "cancel" | "refund" | "changeQuantity" | "setAutoRenew" | "suspend" | "reactivate" | "takeOver" | "moveUsers" | "assignLicenses" | "addAddOn";
            allowed: boolean;
            /**
             * @description The error code the operation would answer now (any code of the
             *     Problem schema's list in docs/spec.md, e.g. `insufficient_licenses`
             *     for assignLicenses on a full subscription, `invalid_request` for
             *     takeOver of a subscription that isn't self-service); absent when
             *     allowed. Each action is decided by trying the operation itself.
             * @example forbidden
             * @example takeover_required
             * @example partner_action_required
             * @example invalid_status
             * @example refund_window_closed
             * @example base_not_active
             * @example payment_method_required
             * @example insufficient_licenses
             * @example invalid_request
             */
            reason?: string;
        };
        /** @description What cancelling now would do (docs/spec.md §4.4). */
        CancellationQuote: {
            effect: components["schemas"]["CancelEffect"];
            /** @description What would be credited back (zero outside the refund window). */
            credit: components["schemas"]["Money"];
        };
        /**
         * @description `immediate`: `Deleted` now; `termEnd`: stays `Active` until `termEnd`.
         * @enum {string}
         */
        CancelEffect: "immediate" | "termEnd";
        /** @description A subscription as its reader sees it, with what the reader may do now. */
        SubscriptionView: {
            /** @description Every action, in a fixed order. */
            allowedActions: components["schemas"]["AllowedAction"][];
            /** @description Present while `Trial` or `Active` (never in lists). */
            cancellationQuote?: components["schemas"]["CancellationQuote"];
        } & components["schemas"]["Subscription"];
        /** @description The answer of CancelSubscription — the subscription after the cancellation, with its effect and credit. */
        SubscriptionCancellation: {
            allowedActions: components["schemas"]["AllowedAction"][];
            /** @description Present while still `Active` (a cancellation scheduled for term end). */
            cancellationQuote?: components["schemas"]["CancellationQuote"];
            effect: components["schemas"]["CancelEffect"];
            /** @description What was credited (a `credit` order); zero when nothing was. */
            credit: components["schemas"]["Money"];
        } & components["schemas"]["Subscription"];
        SubscriptionList: {
            items: components["schemas"]["SubscriptionView"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /** @description One charge or credit of the order history (docs/spec.md §4.3). */
        Order: {
            id: string;
            tenantId: components["schemas"]["Id"];
            subscriptionId: components["schemas"]["Id"];
            productId: string;
            productName: string;
            /** @enum {string} */
            type: "purchase" | "renewal" | "trialConversion" | "proration" | "credit";
            /** @description The seats charged or credited. */
            quantity: number;
            /** @description Charged, or credited for `credit` orders (never negative). */
            amount: components["schemas"]["Money"];
            billTo: components["schemas"]["BillTo"];
            purchaserId: string;
            /** Format: date-time */
            periodStart: string;
            /** Format: date-time */
            periodEnd: string;
            /** Format: date-time */
            at: string;
            /**
             * @description `card`: charged to the purchaser's payment method (self-service); `invoice`: on the bill-to account's invoice (docs/spec.md §10).
             * @enum {string}
             */
            payment: "card" | "invoice";
            /** @description A card charge that succeeded, or a card credit refunded; invoiced orders are always `true`. An unpaid renewal waits for its retries. */
            paid: boolean;
        };
        /** @description What a `PastDue` subscription owes (docs/spec.md §10); retried on days 1, 3, 5 and 7 after `since`, then `Suspended` for `nonPayment`. */
        PaymentDue: {
            amount: components["schemas"]["Money"];
            /**
             * Format: date-time
             * @description When the renewal's charge was first declined.
             */
            since: string;
            /** @description Declined charges so far. */
            attempts: number;
            /** Format: date-time */
            nextRetryAt?: string;
            /** @description The provider's decline code of the last attempt (`generic_decline`, `insufficient_funds`, `expired_card`, …). */
            declineCode?: string;
        };
        /** @description The body of UpdatePaymentMethod. */
        PaymentMethodUpdate: {
            /** @description A payment-method reference of the provider (`pm_…`); never shown back. */
            paymentMethodId: string;
        };
        /** @description An amount in integer minor units of an ISO 4217 currency; negative for a credit. */
        SignedMoney: {
            /** Format: int64 */
            amount: number;
            /** @example USD */
            currency: string;
        };
        /** @description Who an invoice is addressed to (docs/spec.md §10). */
        InvoiceAccount: {
            /**
             * @description `purchaser`: self-service (card-paid) orders; `tenant`: central purchases; `partner`: partner purchases.
             * @enum {string}
             */
            type: "purchaser" | "tenant" | "partner";
            /** @description The purchaser's user id, the tenant's id or the partner's id. */
            id: string;
            /** @description The purchaser's tenant, or the tenant itself; absent for a partner. */
            tenantId?: string;
        };
        /** @description One order on an invoice. */
        InvoiceLine: {
            orderId: string;
            subscriptionId: string;
            tenantId: string;
            productId: string;
            productName: string;
            /** @enum {string} */
            type: "purchase" | "renewal" | "trialConversion" | "proration" | "credit";
            quantity: number;
            /** Format: date-time */
            periodStart: string;
            /** Format: date-time */
            periodEnd: string;
            /**
             * Format: date-time
             * @description When the order was recorded; an order of an earlier month came after that month's invoice was final.
             */
            at: string;
            amount: components["schemas"]["SignedMoney"];
            /** @description `false` for a card charge not paid yet (a renewal in dunning). */
            paid: boolean;
        };
        /** @description One bill-to account's orders of one UTC calendar month, final (docs/spec.md §10). */
        Invoice: {
            id: string;
            /** @description Gapless per issuer and year of issue. */
            number: string;
            billTo: components["schemas"]["InvoiceAccount"];
            billToName?: string;
            month: string;
            /** Format: date-time */
            periodStart: string;
            /** Format: date-time */
            periodEnd: string;
            /** Format: date-time */
            issuedAt: string;
            lines: components["schemas"]["InvoiceLine"][];
            /** @description One per currency, by currency code. */
            totals: components["schemas"]["SignedMoney"][];
            /**
             * @description `paid`: card-paid and every charge succeeded; `open`: invoiced accounts, or a renewal still unpaid; `void`: nothing left to pay.
             * @enum {string}
             */
            status: "paid" | "open" | "void";
        };
        InvoiceList: {
            items: components["schemas"]["Invoice"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        OrderList: {
            items: components["schemas"]["Order"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /** @description Who made a change; a person (`userId`, `tenantId`, `roles`) or a scheduled sweep (`system`). */
        Actor: {
            userId?: string;
            tenantId?: string;
            roles?: string[];
            /** @description `system:<sweep>` for scheduled functions; absent for people. */
            system?: string;
        };
        /** @description One activity-log record (docs/spec.md §6). */
        Activity: {
            id: string;
            tenantId: components["schemas"]["Id"];
            /** Format: date-time */
            at: string;
            actor: components["schemas"]["Actor"];
            /** @description The operation (function) name, e.g. `CancelSubscription`. */
            operation: string;
            /** @example subscription */
            targetType: string;
            targetId: string;
            /** @description The changed fields' values before; absent for creations and blind writes. */
            before?: {
                [key: string]: unknown;
            };
            /** @description The changed fields' values after. */
            after?: {
                [key: string]: unknown;
            };
        };
        ActivityList: {
            items: components["schemas"]["Activity"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /** @description A user to license, or a licensed user. */
        LicenseUser: {
            /** @description The user's id (their token's `sub`). */
            id: components["schemas"]["Id"];
            /** @description The display name; not blank, no control characters. */
            name: string;
            /**
             * Format: email
             * @description A bare address (`user@example.com`, no display name).
             */
            email: string;
        };
        /** @description One user's seat on a subscription (docs/spec.md §4.7). Personal data. */
        License: {
            subscriptionId: components["schemas"]["Id"];
            productId: string;
            productName: string;
            /** @description The subscription's purchaser's user id. */
            purchaserId: string;
            userId: string;
            name: string;
            email: string;
            /** Format: date-time */
            assignedAt: string;
            /** @description The user id of who assigned it. */
            assignedBy: string;
        };
        LicenseList: {
            items: components["schemas"]["License"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /** @description The body of AssignLicenses. */
        AssignLicensesRequest: {
            /** @description 1 to 90 users, each id once. */
            users: components["schemas"]["LicenseUser"][];
        };
        /** @description The answer of AssignLicenses. */
        LicenseAssignment: {
            subscription: components["schemas"]["SubscriptionView"];
            /** @description The user ids that got a license now, in request order. */
            assigned: string[];
            /** @description The user ids that already held one (no-ops), in request order. */
            unchanged: string[];
        };
        /** @description The body of AssignLicensesBulk (at most 4 MiB). */
        AssignLicensesBulkRequest: {
            /** @description 1 to 10,000 users, each id once. */
            users: components["schemas"]["LicenseUser"][];
        };
        /** @description The answer of AssignLicensesBulk. */
        BulkLicenseAssignment: {
            subscription: components["schemas"]["SubscriptionView"];
            /** @description The users of the request. */
            requested: number;
            /** @description How many of them got a license by this request. */
            assigned: number;
            /** @description How many already held one (no-ops). */
            unchanged: number;
        };
        /** @description The body of MoveUsers. */
        MoveUsersRequest: {
            /** @description An `Active` subscription of the tenant (any product), not the source. */
            targetSubscriptionId: components["schemas"]["Id"];
        };
        /** @description The answer of MoveUsers. */
        MoveUsersResult: {
            /** @description The source subscription, now `Deleted` (reason `usersMoved`). */
            source: components["schemas"]["SubscriptionView"];
            targetSubscriptionId: components["schemas"]["Id"];
            /** @description The users moved (every licensed user of the source). */
            moved: number;
            /** @description Those of them who took a new license on the target (the others already held one there). */
            newlyLicensed: number;
        };
        /** @description The body of AssignSubscriptionRole. */
        SubscriptionRoleUpdate: {
            /** @enum {string} */
            role: "Owner";
        };
        /** @description A user's role on a subscription. */
        SubscriptionRole: {
            subscriptionId: components["schemas"]["Id"];
            userId: components["schemas"]["Id"];
            /** @enum {string} */
            role: "Owner";
        };
        /** @description The licensed users of one purchaser's subscriptions of a product. */
        PurchaserLicenses: {
            purchaser: components["schemas"]["Purchaser"];
            /** @description The first 100 of them (ListLicenses or ExportLicenses give them all), so the summary stays small however many users the tenant licenses. */
            users: components["schemas"]["LicenseUser"][];
            /** @description How many users the purchaser's subscriptions of the product license. */
            userCount: number;
        };
        /** @description One product of the license summary, totalled over its `Trial` and `Active` subscriptions. */
        ProductLicenses: {
            productId: string;
            productName: string;
            subscriptionIds: components["schemas"]["Id"][];
            /** @description The sum of the subscriptions' quantities. */
            quantity: number;
            /** @description The licenses assigned over them. */
            assigned: number;
            /** @description quantity − assigned, never below zero. */
            available: number;
            /** @description By purchaser user id; a purchaser with no licensed user has an empty `users`. */
            purchasers: components["schemas"]["PurchaserLicenses"][];
        };
        LicenseSummary: {
            items: components["schemas"]["ProductLicenses"][];
        };
        /**
         * @description An event type (docs/spec.md §8).
         * @enum {string}
         */
        WebhookEventType: "subscription.created" | "subscription.trial_ending" | "subscription.trial_converted" | "subscription.trial_expired" | "subscription.renewed" | "subscription.expired" | "subscription.updated" | "subscription.cancellation_scheduled" | "subscription.cancelled" | "subscription.suspended" | "subscription.reactivated" | "subscription.deletion_warning" | "subscription.data_deleted" | "subscription.refund_window_closed" | "subscription.taken_over" | "subscription.past_due" | "subscription.payment_failed" | "subscription.payment_succeeded" | "licenses.changed" | "policy.updated" | "customer_permission.updated" | "invoice.finalized" | "webhook.test";
        /** @description The body of CreateWebhookEndpoint. */
        WebhookEndpointCreate: {
            /**
             * Format: uri
             * @description Where events are posted: an absolute `https` URL (the local runner
             *     also allows `http`), without credentials or a fragment, whose host
             *     resolves only to public addresses.
             * @example https://hooks.example.com/selfserve
             */
            url: string;
            /** @description The event types to receive, each once; empty or absent means all. */
            eventTypes?: components["schemas"]["WebhookEventType"][];
            description?: string;
        };
        /** @description Who registered an endpoint, and so what it receives. */
        EndpointOwner: {
            /** @description The owner's own tenant (the partner's, for an agent). */
            tenantId: components["schemas"]["Id"];
            userId: components["schemas"]["Id"];
            /**
             * @description Fixed at registration from the owner's roles. `tenant`
             *     (`GlobalAdmin`/`BillingAdmin`): every event of the tenant;
             *     `partner` (agents of the tenant's partner): events of the
             *     subscriptions that partner manages, while it is still the
             *     tenant's partner; `purchaser` (anyone else): events of the
             *     owner's own subscriptions. Every scope gets `webhook.test` when
             *     it is addressed to the endpoint.
             * @enum {string}
             */
            scope: "tenant" | "partner" | "purchaser";
        };
        /**
         * @description The fields of every webhook endpoint response; responses are
         *     `WebhookEndpoint` or `WebhookEndpointWithSecret`, which close the
         *     object with `unevaluatedProperties: false` (so this schema has no
         *     `additionalProperties: false` of its own). Secrets are never shown
         *     here.
         */
        WebhookEndpointFields: {
            id: components["schemas"]["Id"];
            tenantId: components["schemas"]["Id"];
            /** Format: uri */
            url: string;
            /** @description The event types it receives; empty means all. */
            eventTypes: components["schemas"]["WebhookEventType"][];
            /** @description Absent when none was given. */
            description?: string;
            owner: components["schemas"]["EndpointOwner"];
            /**
             * @description Only `enabled` endpoints receive events; a disabled one stays disabled (register it again).
             * @enum {string}
             */
            status: "enabled" | "disabled";
            /**
             * @description Present when `disabled`: `gone` (the receiver answered `410`) or `failing` (deliveries failed for 5 days since the last success).
             * @enum {string}
             */
            disabledReason?: "gone" | "failing";
            /**
             * Format: date-time
             * @description Present when `disabled`.
             */
            disabledAt?: string;
            /**
             * Format: date-time
             * @description The first failed attempt since the last success; absent when the last attempt succeeded.
             */
            failingSince?: string;
            /**
             * Format: date-time
             * @description When the current secret was made by RotateWebhookSecret; absent before the first rotation.
             */
            secretRotatedAt?: string;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description A webhook endpoint as shown (without its secret). */
        WebhookEndpoint: components["schemas"]["WebhookEndpointFields"];
        /** @description The answer of CreateWebhookEndpoint and RotateWebhookSecret — the endpoint with its new signing secret, shown only in these answers. */
        WebhookEndpointWithSecret: {
            /**
             * @description `whsec_` + base64 of 32 random bytes. The HMAC key is the base64-decoded part after `whsec_`. Store it now: it is never shown again.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2WyfG4mJbCk=
             */
            secret: string;
        } & components["schemas"]["WebhookEndpointFields"];
        WebhookEndpointList: {
            items: components["schemas"]["WebhookEndpoint"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /** @description The answer of TestWebhookEndpoint — the test event on its way. */
        WebhookTestResult: {
            /**
             * @description The `webhook.test` event's id (the `webhook-id` it is delivered with).
             * @example evt_01hzy8x0k2m3n4p5q6r7s8t9v0
             */
            eventId: string;
            /** @description Its delivery to this endpoint, as ListDeliveries will show it once the first attempt is recorded. */
            deliveryId: components["schemas"]["Id"];
        };
        /** @description One HTTP attempt of a delivery. */
        DeliveryAttempt: {
            /** Format: date-time */
            at: string;
            /** @description The receiver's status; absent when no response came (`error` says why). */
            httpStatus?: number;
            /** @description Why no response came, e.g. `timeout after 15s`, `url not allowed`, `refused: the address is not public`; never the URL. */
            error?: string;
            /** Format: int64 */
            durationMs: number;
            /** @description `true` for an attempt asked for through RetryDelivery; absent otherwise. */
            manual?: boolean;
        };
        /** @description One event sent to one endpoint, with its attempts. */
        Delivery: {
            /** @description `dlv_` + the event id's 26 characters: the same on every attempt. */
            id: components["schemas"]["Id"];
            endpointId: components["schemas"]["Id"];
            /** @description The event id, sent as `webhook-id`. */
            eventId: string;
            eventType: components["schemas"]["WebhookEventType"];
            /**
             * @description `pending`: awaiting its next scheduled attempt; `succeeded`: an attempt got a `2xx`; `failed`: the 8th scheduled attempt failed, or the receiver answered `410`; `cancelled`: the endpoint was deleted or disabled before its next attempt.
             * @enum {string}
             */
            status: "pending" | "succeeded" | "failed" | "cancelled";
            /** @description Oldest first. */
            attempts: components["schemas"]["DeliveryAttempt"][];
            /**
             * Format: date-time
             * @description Present while `pending`; the attempt is made at the first retry-sweep run at or after it.
             */
            nextAttemptAt?: string;
            /** Format: date-time */
            createdAt: string;
            /** @description The exact JSON body sent (a `WebhookEvent`), byte for byte, as signed. */
            payload: string;
        };
        DeliveryList: {
            items: components["schemas"]["Delivery"][];
            /** @description Absent on the last page; pass it as `cursor` to get the next one. */
            nextCursor?: string;
        };
        /** @description The body of a delivered event (the `payload` of its deliveries). */
        WebhookEvent: {
            type: components["schemas"]["WebhookEventType"];
            /**
             * Format: date-time
             * @description When the event occurred (RFC 3339, UTC, up to nanoseconds); a sweep's event is dated at the instant it was due.
             */
            timestamp: string;
            /** @description The event's facts, by type (docs/spec.md §8). */
            data: {
                /**
                 * Format: int64
                 * @description Present on events about one subscription; increases with each event of that subscription, so receivers can order them (deliveries are not ordered).
                 */
                sequence?: number;
            } & {
                [key: string]: unknown;
            };
        };
    };
    responses: {
        /** @description `invalid_request`: an unknown, repeated or invalid query parameter. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid bearer token. API Gateway's JWT authorizer (and the local runner in its place) refuses the request before any function runs, with its own `{"message": "Unauthorized"}` body. A token that passes it but lacks well-formed `sub`/`tid` claims gets the function's `unauthorized` problem. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["GatewayError"];
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `forbidden`: the caller reaches the tenant but its roles don't allow this operation. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `not_found`: no such tenant, or the caller can't reach it; `policy_not_found`: policyId is not AllowSelfServicePurchase. */
        PolicyNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `not_found`: no such tenant or product, or the caller can't reach the tenant; `policy_not_found`: policyId is not AllowSelfServicePurchase; `policy_not_applicable`: the product is not self-service eligible. */
        ProductPolicyNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `payload_too_large`: the body is over 64 KiB. Over 10 MB, API Gateway itself refuses the request before any function runs, with its own `{"message": "Request Entity Too Large"}` body. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
                "application/json": components["schemas"]["GatewayError"];
            };
        };
        /** @description The body is over 10 MB: API Gateway refuses the request before any function runs, with its own `{"message": "Request Entity Too Large"}` body. */
        GatewayPayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["GatewayError"];
            };
        };
        /** @description `not_found`: no route has this path (the `$default` route's answer). */
        RouteNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `method_not_allowed`: the path is a route's, under other methods (the `$default` route's answer). */
        MethodNotAllowed: {
            headers: {
                Allow: components["headers"]["Allow"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unsupported_media_type`: the body's Content-Type is not JSON. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `idempotency_key_mismatch`: this Idempotency-Key was used with a different request. */
        IdempotencyKeyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `not_found`: no such subscription in the tenant, the caller can't reach the tenant, or a user asks for a subscription another user bought (existence is not revealed). */
        SubscriptionNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `forbidden`: the caller's roles don't allow this operation on subscriptions of this channel, or the caller is not the subscription's manager; `takeover_required`: an admin acting on a self-service subscription not yet taken over (TakeOverSubscription first). */
        NotManager: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `forbidden`: the caller's roles don't allow this operation on subscriptions of this channel, or the caller is not the subscription's manager; `takeover_required`: an admin acting on a self-service subscription not yet taken over (TakeOverSubscription first); `partner_action_required`: the subscription is a customer's own reservation purchase (`customerPurchase`) and the caller is not an agent of its partner. */
        NotManagerPartnerOnly: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `precondition_failed`: `If-Match` is not the subscription's current ETag; read it again. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `payment_declined`: the card charge this needs was declined; `declineCode` says why (docs/spec.md §10). Nothing was created or changed. */
        PaymentDeclined: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `invalid_status`: the subscription is not `Trial`, `Active` or `PastDue`; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
        InvalidStatusConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `not_found`: no such webhook endpoint in the tenant, the caller can't reach the tenant, or the endpoint is neither the caller's nor is the caller a tenant admin (existence is not revealed). */
        EndpointNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `invalid_status`: the endpoint is disabled (`gone` or `failing`; register it again); `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
        EndpointDisabledConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Any other error, e.g. `500 internal` (the detail never reveals the cause) or `503 unavailable`. */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description A tenant id. */
        tenantId: components["schemas"]["Id"];
        /** @description The partner's tenant id; must be the caller's own tenant. */
        partnerId: components["schemas"]["Id"];
        invoiceId: components["schemas"]["Id"];
        /** @description A catalog productId (e.g. `CFQ7TTC0KP0P`); unknown ids are `404 not_found`. */
        productId: string;
        /** @description The only policy is `AllowSelfServicePurchase`; any other id is `404 policy_not_found`. */
        policyId: string;
        /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
        subscriptionId: components["schemas"]["Id"];
        /** @description A user's id (their token's `sub`). */
        userId: components["schemas"]["Id"];
        /** @description A webhook endpoint id of the path's tenant; another tenant's, or (for a caller who is not a tenant admin) another owner's, is `404 not_found`. */
        endpointId: components["schemas"]["Id"];
        /** @description A delivery id of the path's endpoint (`dlv_` + the event id's 26 characters); unknown ids are `404 not_found`. */
        deliveryId: components["schemas"]["Id"];
        /** @description Page size. */
        limit: number;
        /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
        cursor: string;
        /**
         * @description Optional on these routes. Kept 24 h per principal; a replay of the
         *     same request returns the first status and body with
         *     `Idempotent-Replayed: true`; the same key with another request is
         *     `422 idempotency_key_mismatch`; while the first is in flight,
         *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
         */
        IdempotencyKey: string;
        /**
         * @description Required on creating POSTs and on MoveUsers (a missing one is
         *     `400 invalid_request`). Kept 24 h per principal; a replay of the same
         *     request returns the first status, body and (for creations) `Location`
         *     with `Idempotent-Replayed: true`;
         *     the same key with another request is `422 idempotency_key_mismatch`;
         *     while the first is in flight, `409 idempotency_key_in_use`. Printable
         *     ASCII, at most 255 characters.
         */
        IdempotencyKeyRequired: string;
        /**
         * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
         *     `"3"`). When it is not the current one the change is refused with
         *     `412 precondition_failed`; absent or `*` skips the check.
         */
        IfMatch: string;
    };
    requestBodies: {
        /** @description No body, or exactly `{}`; anything else is `400 invalid_request`. */
        Empty: {
            content: {
                "application/json": Record<string, never>;
            };
        };
    };
    headers: {
        /** @description The methods of the path's routes, e.g. `GET, POST`. */
        Allow: string;
        /** @description `true` when this response is the stored outcome of an earlier request with the same Idempotency-Key; absent otherwise. */
        IdempotentReplayed: "true";
        /** @description The subscription's version as a strong entity tag (e.g. `"3"`), for `If-Match`. May be absent on an idempotent replay. */
        ETag: string;
        /** @description The path of the new subscription, `/v1/tenants/{tenantId}/subscriptions/{subscriptionId}`. */
        Location: string;
        /** @description The path of the new webhook endpoint, `/v1/tenants/{tenantId}/webhooks/{endpointId}`. */
        EndpointLocation: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ListProducts: {
        parameters: {
            query?: {
                publisher?: "microsoft" | "partner";
                billingType?: "license" | "usage";
                category?: "enterprise" | "smallBusiness" | "trial";
                /** @description Only products whose `selfServiceEligible` equals this value. */
                selfService?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching products, in catalog order (never paged). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    GetProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A catalog productId (e.g. `CFQ7TTC0KP0P`); unknown ids are `404 not_found`. */
                productId: components["parameters"]["productId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The product. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description `not_found`: no product has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    GetTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: no such tenant, or the caller can't reach it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    PutTenant: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantInput"];
            };
        };
        responses: {
            /** @description The tenant existed and was replaced. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description The tenant was created. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, invalid or missing body, unknown field, invalid field value, or invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    ListCustomers: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description The partner's tenant id; must be the caller's own tenant. */
                partnerId: components["parameters"]["partnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of customer tenants. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantList"];
                };
            };
            /** @description `invalid_request`: unknown or repeated query parameter, limit out of range, or a cursor not issued for this list. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller belongs to the partner but holds no agent role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: the caller is not of this partner. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    ListPartnerInvoices: {
        parameters: {
            query?: {
                status?: "paid" | "open" | "void";
                /** @description First month listed, `YYYY-MM` (inclusive). */
                from?: string;
                /** @description Last month listed, `YYYY-MM` (inclusive). */
                to?: string;
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description The partner's tenant id; must be the caller's own tenant. */
                partnerId: components["parameters"]["partnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of invoices, newest month first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceList"];
                };
            };
            /** @description `invalid_request`: unknown or repeated query parameter, an unknown status, a month not `YYYY-MM`, from after to, limit out of range, or a cursor not issued for this list and filter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller belongs to the partner but is no selling agent or admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: the caller is not of this partner. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    GetPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description The only policy is `AllowSelfServicePurchase`; any other id is `404 policy_not_found`. */
                policyId: components["parameters"]["policyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PolicyNotFound"];
            default: components["responses"]["Error"];
        };
    };
    ListProductPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description The only policy is `AllowSelfServicePurchase`; any other id is `404 policy_not_found`. */
                policyId: components["parameters"]["policyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One item per self-service eligible product, in catalog order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductPolicyList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PolicyNotFound"];
            default: components["responses"]["Error"];
        };
    };
    GetProductPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description The only policy is `AllowSelfServicePurchase`; any other id is `404 policy_not_found`. */
                policyId: components["parameters"]["policyId"];
                /** @description A catalog productId (e.g. `CFQ7TTC0KP0P`); unknown ids are `404 not_found`. */
                productId: components["parameters"]["productId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The effective value and whether it is the product's default. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductPolicy"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["ProductPolicyNotFound"];
            default: components["responses"]["Error"];
        };
    };
    UpdateProductPolicy: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description The only policy is `AllowSelfServicePurchase`; any other id is `404 policy_not_found`. */
                policyId: components["parameters"]["policyId"];
                /** @description A catalog productId (e.g. `CFQ7TTC0KP0P`); unknown ids are `404 not_found`. */
                productId: components["parameters"]["productId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProductPolicyUpdate"];
            };
        };
        responses: {
            /** @description The new effective value (`isDefault` is false once set). */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductPolicy"];
                };
            };
            /** @description `invalid_request`: invalid or missing body, both or neither of policyValue/enabled, an unknown policyValue, an unknown field or query parameter, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["ProductPolicyNotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    ListSubscriptions: {
        parameters: {
            query?: {
                channel?: "selfService" | "central" | "partner";
                status?: "Trial" | "Active" | "PastDue" | "Suspended" | "Expired" | "Deleted";
                productId?: components["schemas"]["Id"];
                /** @description The purchaser's user id. A user may give only their own. */
                purchaserId?: components["schemas"]["Id"];
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of subscriptions, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown or repeated query parameter, an unknown channel or status, a malformed productId or purchaserId, limit out of range, or a cursor not issued for this list and these filters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller's roles don't allow listing (e.g. `Operator`), or a user asks for another purchaser's subscriptions. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    CreateSubscription: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required on creating POSTs and on MoveUsers (a missing one is
                 *     `400 invalid_request`). Kept 24 h per principal; a replay of the same
                 *     request returns the first status, body and (for creations) `Location`
                 *     with `Idempotent-Replayed: true`;
                 *     the same key with another request is `422 idempotency_key_mismatch`;
                 *     while the first is in flight, `409 idempotency_key_in_use`. Printable
                 *     ASCII, at most 255 characters.
                 */
                "Idempotency-Key": components["parameters"]["IdempotencyKeyRequired"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionCreate"];
            };
        };
        responses: {
            /** @description The new subscription (a replay answers the first 201 again). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown query parameter, invalid or missing body, unknown or server-set field, invalid productId, billingFrequency not `monthly`/`annual`, quantity outside 1..10000, paymentMethodId over 128 characters or with control characters, no offer of the product for that billingFrequency, a malformed azureSubscriptionId, an azureSubscriptionId for a product that is not a reservation, no azureSubscriptionId on a customer's reservation purchase, or a missing or invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentDeclined"];
            /** @description `forbidden`: the caller's roles can't buy through its channel, or a user asks for a product that is not self-service eligible; `policy_disabled`: the tenant's AllowSelfServicePurchase value for the product is `Disabled`; `policy_trials_only`: it is `OnlyTrialsWithoutPaymentMethod` and this is not a trial without a payment method; `agreement_required`: a trial without a payment method in a tenant without `hasAgreement`; `exclusive_offer`: the offer is exclusive to other partners; `customer_permission_required`: a customer's reservation purchase while the partner's reservations permission is off (or the tenant has no partner); `owner_role_required`: the buyer of a customer's reservation purchase is not `Owner` of the Azure plan subscription named by azureSubscriptionId. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: the caller can't reach this tenant, or no product has this productId. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `trial_already_used`: the purchaser already had a trial of this product; `limit_one_per_tenant`: the tenant already holds a live subscription of a one-per-tenant product (its id in the `subscriptionId` extension member); `reactivate_instead`: that subscription is `Suspended`, reactivate it (its id in `subscriptionId`); `azure_subscription_required`: on a customer's reservation purchase, azureSubscriptionId is not the tenant's `Active` Azure plan subscription; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `payment_method_required`: a self-service purchase, or a trial whose terms require one, without paymentMethodId, or `autoRenew: true` on a subscription that can't be charged; `trial_not_offered`: the offer has no trial terms; `addon_requires_base`: the product is an add-on, buy it through its base (CreateAddOn); `not_available_in_country`: a partner purchase of an offer not sold in the tenant's country; `not_available_via_partner`: a partner purchase of an offer not sold through partners; `idempotency_key_mismatch`: this Idempotency-Key was used with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    GetSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed tenantId or subscriptionId, or any query parameter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["SubscriptionNotFound"];
            default: components["responses"]["Error"];
        };
    };
    UpdateSubscription: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionUpdate"];
            };
        };
        responses: {
            /** @description The changed subscription. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown or server-set field, neither quantity nor autoRenew, quantity outside 1..10000, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentDeclined"];
            403: components["responses"]["NotManagerPartnerOnly"];
            404: components["responses"]["SubscriptionNotFound"];
            /** @description `invalid_status`: the subscription is not `Trial` or `Active`; `quantity_below_assigned`: the new quantity is below the assigned licenses (their number in the `assigned` extension member); `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `payment_method_required`: `autoRenew: true` on a trial without a payment method (it never converts); `idempotency_key_mismatch`: this Idempotency-Key was used with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    UpdatePaymentMethod: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentMethodUpdate"];
            };
        };
        responses: {
            /** @description The subscription with its new payment method. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, invalid or missing body, unknown field, a `paymentMethodId` that is missing, blank or over 128 characters; the subscription is central, partner or an add-on. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `payment_declined`: the charge of what a `PastDue` subscription owes was declined; `declineCode` says why. Nothing changed. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden`: the caller is not the subscription's manager; `policy_trials_only`: the product's policy allows only trials without a payment method. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["SubscriptionNotFound"];
            409: components["responses"]["InvalidStatusConflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            /** @description `unavailable`: the payment provider did not answer; retry with the same Idempotency-Key. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    CancelSubscription: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelRequest"];
            };
        };
        responses: {
            /** @description Cancelled at once (`effect: immediate`): the subscription is `Deleted`; `credit` is what was credited. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionCancellation"];
                };
            };
            /** @description Scheduled (`effect: termEnd`): the subscription stays `Active` with `cancelAtTermEnd: true` until `termEnd`; nothing is credited. */
            202: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionCancellation"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, a reason that is missing, blank or over 500 characters, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller's roles don't allow cancelling subscriptions of this channel, or the caller is not the subscription's manager; `partner_action_required`: the subscription is a customer's own reservation purchase (`customerPurchase`) and the caller is not an agent of its partner. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["SubscriptionNotFound"];
            409: components["responses"]["InvalidStatusConflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    SuspendSubscription: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SuspendRequest"];
            };
        };
        responses: {
            /** @description The suspended subscription. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, a reason other than `customerRequest`, `nonPayment`, `fraud` or `other`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["NotManagerPartnerOnly"];
            404: components["responses"]["SubscriptionNotFound"];
            409: components["responses"]["InvalidStatusConflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    ReactivateSubscription: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Empty"];
        responses: {
            /** @description The reactivated subscription. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["NotManagerPartnerOnly"];
            404: components["responses"]["SubscriptionNotFound"];
            /** @description `invalid_status`: the subscription is not `Suspended`, or its `dataDeletionAt` has passed; `base_not_active`: an add-on whose base is not `Active` (reactivate the base first); `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    TakeOverSubscription: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Empty"];
        responses: {
            /** @description The taken-over subscription. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, an invalid Idempotency-Key, or a subscription that is not self-service (admins already manage central and partner ones). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller is not a `GlobalAdmin` or `BillingAdmin` of the tenant; `partner_action_required`: the subscription is a customer's own reservation purchase (`customerPurchase`) and the caller is not an agent of its partner. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["SubscriptionNotFound"];
            /** @description `invalid_status`: the subscription is `Deleted` or `Expired`; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    CreateAddOn: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required on creating POSTs and on MoveUsers (a missing one is
                 *     `400 invalid_request`). Kept 24 h per principal; a replay of the same
                 *     request returns the first status, body and (for creations) `Location`
                 *     with `Idempotent-Replayed: true`;
                 *     the same key with another request is `422 idempotency_key_mismatch`;
                 *     while the first is in flight, `409 idempotency_key_in_use`. Printable
                 *     ASCII, at most 255 characters.
                 */
                "Idempotency-Key": components["parameters"]["IdempotencyKeyRequired"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description The base subscription's id. */
                subscriptionId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddOnCreate"];
            };
        };
        responses: {
            /** @description The new add-on subscription (a replay answers the first 201 again). */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, an invalid productId, quantity outside 1..10000, or a missing or invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentDeclined"];
            403: components["responses"]["NotManagerPartnerOnly"];
            /** @description `not_found`: no such subscription, the caller can't reach the tenant, a user asks for another purchaser's subscription, or no product has this productId. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `base_not_active`: the base is not `Active`; `too_many_addons`: the base already has 20 live add-ons; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `not_an_addon_of_base`: the product is not an add-on of the base's product, has no offer for the base's billing frequency, or the base is itself an add-on; `idempotency_key_mismatch`: this Idempotency-Key was used with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    MoveUsers: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required on creating POSTs and on MoveUsers (a missing one is
                 *     `400 invalid_request`). Kept 24 h per principal; a replay of the same
                 *     request returns the first status, body and (for creations) `Location`
                 *     with `Idempotent-Replayed: true`;
                 *     the same key with another request is `422 idempotency_key_mismatch`;
                 *     while the first is in flight, `409 idempotency_key_in_use`. Printable
                 *     ASCII, at most 255 characters.
                 */
                "Idempotency-Key": components["parameters"]["IdempotencyKeyRequired"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description The source subscription's id. */
                subscriptionId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MoveUsersRequest"];
            };
        };
        responses: {
            /** @description Every user is licensed on the target; the source is `Deleted`. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MoveUsersResult"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, a malformed targetSubscriptionId, the source as target, a target of another product, or a missing or invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller is not a `GlobalAdmin` or `BillingAdmin` of the tenant, or not the source's manager; `takeover_required`: the source is a self-service subscription not yet taken over (TakeOverSubscription first); `partner_action_required`: the source is a customer's own reservation purchase (`customerPurchase`) and the caller is not an agent of its partner. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: no such source or target subscription in the tenant, or the caller can't reach the tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `insufficient_licenses`: the target has fewer available licenses than users needing one (the numbers in the `available` and `requested` extension members); nothing changed; `invalid_status`: the source is not `Trial` or `Active`, or the target is not `Active`; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `idempotency_key_mismatch`: this Idempotency-Key was used with a different request, or for a move between other subscriptions. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    ListLicenses: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of licenses, by user id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicenseList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId or subscriptionId, unknown or repeated query parameter, limit out of range, or a cursor not issued for this subscription's list. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["SubscriptionNotFound"];
            default: components["responses"]["Error"];
        };
    };
    AssignLicenses: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignLicensesRequest"];
            };
        };
        responses: {
            /** @description The subscription after the assignment, who got a license and who already had one. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicenseAssignment"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, no users or more than 90, a malformed or repeated user id, a name that is blank, over 256 characters or with control characters, an invalid email, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["NotManager"];
            404: components["responses"]["SubscriptionNotFound"];
            /** @description `insufficient_licenses`: fewer licenses are available than users needing one (the numbers in the `available` and `requested` extension members); nothing changed; `invalid_status`: the subscription is not `Trial` or `Active`; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    AssignLicensesBulk: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required on creating POSTs and on MoveUsers (a missing one is
                 *     `400 invalid_request`). Kept 24 h per principal; a replay of the same
                 *     request returns the first status, body and (for creations) `Location`
                 *     with `Idempotent-Replayed: true`;
                 *     the same key with another request is `422 idempotency_key_mismatch`;
                 *     while the first is in flight, `409 idempotency_key_in_use`. Printable
                 *     ASCII, at most 255 characters.
                 */
                "Idempotency-Key": components["parameters"]["IdempotencyKeyRequired"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignLicensesBulkRequest"];
            };
        };
        responses: {
            /** @description The subscription after the assignment, with how many users got a license and how many already had one. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkLicenseAssignment"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, no users or more than 10,000, a malformed or repeated user id, a name that is blank, over 256 characters or with control characters, an invalid email, or a missing or invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["NotManager"];
            404: components["responses"]["SubscriptionNotFound"];
            /** @description `insufficient_licenses`: fewer licenses are available than users needing one (the numbers in the `available` and `requested` extension members); nothing changed; `invalid_status`: the subscription is not `Trial` or `Active`, or its users are being moved; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry with the same key. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    UnassignLicense: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
                /** @description A user's id (their token's `sub`). */
                userId: components["parameters"]["userId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription after the license was removed. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["NotManager"];
            /** @description `not_found`: no such subscription in the tenant, the caller can't reach the tenant, a user asks for a subscription another user bought, or the user holds no license of this subscription. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid_status`: the subscription is `Deleted` or `Expired` (its licenses are gone already); `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    AssignSubscriptionRole: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /**
                 * @description The subscription's `ETag` as last read (a single strong entity tag, e.g.
                 *     `"3"`). When it is not the current one the change is refused with
                 *     `412 precondition_failed`; absent or `*` skips the check.
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A subscription id of the path's tenant; another tenant's, or (for a user) another purchaser's, is `404 not_found`. */
                subscriptionId: components["parameters"]["subscriptionId"];
                /** @description A user's id (their token's `sub`). */
                userId: components["parameters"]["userId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionRoleUpdate"];
            };
        };
        responses: {
            /** @description The user's role on the subscription. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionRole"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, invalid or missing body, unknown field, a role other than `Owner`, a subscription that is not an Azure plan (usage-based), or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller is not a `GlobalAdmin` or `BillingAdmin` of the tenant or an `AdminAgent` of its partner. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["SubscriptionNotFound"];
            /** @description `invalid_status`: the subscription is not `Active`; `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    LicenseSummary: {
        parameters: {
            query?: {
                /** @description Only subscriptions bought through this channel. */
                channel?: "selfService" | "central" | "partner";
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One item per product, by product name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicenseSummary"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown or repeated query parameter, or an unknown channel. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    ExportLicenses: {
        parameters: {
            query: {
                /** @description A subscription of the tenant; repeat the parameter for each one (1 to 100). */
                subscriptionId: components["schemas"]["Id"][];
                /** @description The next page's cursor, from the previous page's `Link` header; bound to the same tenant and subscriptions. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The CSV file (`text/csv; charset=utf-8; header=present`), sent as the attachment `licenses.csv` with `Cache-Control: no-store`. */
            200: {
                headers: {
                    /** @description `<…>; rel="next"`: the next page, when there is one. */
                    Link?: string;
                    /** @description `attachment; filename="licenses.csv"` */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description `invalid_request`: malformed tenantId, an unknown query parameter, no subscriptionId or more than 100, a malformed subscriptionId, or a cursor that is not valid for this export. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: the caller can't reach this tenant, or a subscriptionId is not one of the tenant's subscriptions. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    ListOrders: {
        parameters: {
            query?: {
                /** @description Only the orders of this subscription. */
                subscriptionId?: components["schemas"]["Id"];
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of orders, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown or repeated query parameter, a malformed subscriptionId, limit out of range, or a cursor not issued for this list and filter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    ListInvoices: {
        parameters: {
            query?: {
                /** @description `tenant` for the tenant's own invoices, or a purchaser's user id for theirs. A user may only name themself. */
                billTo?: string;
                status?: "paid" | "open" | "void";
                /** @description First month listed, `YYYY-MM` (inclusive). */
                from?: string;
                /** @description Last month listed, `YYYY-MM` (inclusive). */
                to?: string;
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of invoices, newest month first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown or repeated query parameter, a billTo that is neither `tenant` nor a user id, an unknown status, a month not `YYYY-MM`, from after to, limit out of range, or a cursor not issued for this list and filter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: a user asked for another bill-to's invoices. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    GetInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                invoiceId: components["parameters"]["invoiceId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invoice. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            /** @description `invalid_request`: malformed tenantId or invoiceId, or any query parameter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: no such invoice in this tenant, or the caller can't see it (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    GetInvoicePdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                invoiceId: components["parameters"]["invoiceId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invoice, rendered (`Content-Disposition` names it by its number). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description `invalid_request`: malformed tenantId or invoiceId, or any query parameter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: no such invoice in this tenant, or the caller can't see it (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    ListActivity: {
        parameters: {
            query?: {
                /** @description RFC 3339 start of the range; defaults to 90 days before `to`. */
                from?: string;
                /** @description RFC 3339 end of the range; defaults to now. */
                to?: string;
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of activity records, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown or repeated query parameter, `from` or `to` not an RFC 3339 time, `from` after `to`, limit out of range, or a cursor not issued for this list and range. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: no such tenant, or the caller can't reach it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    GetCustomerPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The customer's permissions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerPermissionsView"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, or any query parameter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: no such tenant, or the caller can't reach it (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    SetReservationPermission: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReservationPermissionUpdate"];
            };
        };
        responses: {
            /** @description The customer's permissions after the request. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerPermissionsView"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, any query parameter, invalid or missing body, unknown field, `enabled` missing or not a boolean, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `forbidden`: the caller reaches the tenant but is not the partner's `AdminAgent` (e.g. a `SalesAgent` or `HelpdeskAgent` of the partner, or an admin of the tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found`: no such tenant, or the caller can't reach it (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `azure_subscription_required`: turning it on while the tenant has no `Active` Azure plan subscription; `owner_role_required`: turning it on while no user holds the `Owner` role on it (its id in the `subscriptionId` extension member); `idempotency_key_in_use`: a request with this Idempotency-Key is in progress; `conflict`: concurrent changes kept winning, retry. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    ListWebhookEndpoints: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of endpoints, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, unknown or repeated query parameter, limit out of range, or a cursor not issued for this list (cursors are per caller for non-admins). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    CreateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointCreate"];
            };
        };
        responses: {
            /** @description The new endpoint with its signing secret (a replay answers the first 201 again, with the same secret). */
            201: {
                headers: {
                    Location: components["headers"]["EndpointLocation"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description `invalid_request`: malformed tenantId, any query parameter, invalid or missing body, unknown field, a url that is empty, over 2048 characters, not absolute, not `https`, with credentials or a fragment, whose host does not resolve or resolves to a non-public address, an unknown or repeated event type, a description over 256 characters, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: the caller can't reach this tenant (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    DeleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A webhook endpoint id of the path's tenant; another tenant's, or (for a caller who is not a tenant admin) another owner's, is `404 not_found`. */
                endpointId: components["parameters"]["endpointId"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Empty"];
        responses: {
            /** @description Deleted; no body. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["EndpointNotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    RotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A webhook endpoint id of the path's tenant; another tenant's, or (for a caller who is not a tenant admin) another owner's, is `404 not_found`. */
                endpointId: components["parameters"]["endpointId"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Empty"];
        responses: {
            /** @description The endpoint with its new signing secret (a replay answers the same secret again). */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["EndpointNotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    TestWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A webhook endpoint id of the path's tenant; another tenant's, or (for a caller who is not a tenant admin) another owner's, is `404 not_found`. */
                endpointId: components["parameters"]["endpointId"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Empty"];
        responses: {
            /** @description The test event is on its way. */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookTestResult"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["EndpointNotFound"];
            409: components["responses"]["EndpointDisabledConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
    ListDeliveries: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["limit"];
                /** @description The opaque `nextCursor` of the previous page of the same list; it can't be used for another list or tenant. */
                cursor?: components["parameters"]["cursor"];
            };
            header?: never;
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A webhook endpoint id of the path's tenant; another tenant's, or (for a caller who is not a tenant admin) another owner's, is `404 not_found`. */
                endpointId: components["parameters"]["endpointId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of deliveries, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryList"];
                };
            };
            /** @description `invalid_request`: malformed tenantId or endpointId, unknown or repeated query parameter, limit out of range, or a cursor not issued for this endpoint's list. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["EndpointNotFound"];
            default: components["responses"]["Error"];
        };
    };
    RetryDelivery: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional on these routes. Kept 24 h per principal; a replay of the
                 *     same request returns the first status and body with
                 *     `Idempotent-Replayed: true`; the same key with another request is
                 *     `422 idempotency_key_mismatch`; while the first is in flight,
                 *     `409 idempotency_key_in_use`. Printable ASCII, at most 255 characters.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A tenant id. */
                tenantId: components["parameters"]["tenantId"];
                /** @description A webhook endpoint id of the path's tenant; another tenant's, or (for a caller who is not a tenant admin) another owner's, is `404 not_found`. */
                endpointId: components["parameters"]["endpointId"];
                /** @description A delivery id of the path's endpoint (`dlv_` + the event id's 26 characters); unknown ids are `404 not_found`. */
                deliveryId: components["parameters"]["deliveryId"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Empty"];
        responses: {
            /** @description The delivery with the new attempt (its outcome in the last `attempts` item). */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description `invalid_request`: malformed path id, any query parameter, a body other than empty or `{}`, or an invalid Idempotency-Key. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `not_found`: no such endpoint in the tenant or delivery of the endpoint, the caller can't reach the tenant, or the endpoint is neither the caller's nor is the caller a tenant admin (existence is not revealed). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            409: components["responses"]["EndpointDisabledConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyMismatch"];
            default: components["responses"]["Error"];
        };
    };
}
