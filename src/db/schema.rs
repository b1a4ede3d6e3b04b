//! Diesel table definitions shared by both backends. The SQL lives in
//! `migrations/{sqlite,postgres}`; a test keeps the two in step.

diesel::table! {
    partners (id) {
        id -> BigInt,
        name -> Text,
        customer_count -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partner_users (id) {
        id -> BigInt,
        partner_id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        preferred_lang -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitation_tokens (id) {
        id -> BigInt,
        partner_id -> BigInt,
        token -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        reseller_only -> Bool,
    }
}

diesel::table! {
    tenants (id) {
        id -> BigInt,
        name -> Text,
        domain -> Text,
        search_key -> Text,
        created_at -> Timestamp,
        search_grams -> Text,
    }
}

diesel::table! {
    customer_users (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        preferred_lang -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reseller_relationships (id) {
        id -> BigInt,
        partner_id -> BigInt,
        tenant_id -> BigInt,
        created_at -> Timestamp,
        status -> Text,
        ending_due_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<Text>,
        end_reason -> Nullable<Text>,
        search_key -> Text,
    }
}

diesel::table! {
    delegated_admin_grants (id) {
        id -> BigInt,
        partner_id -> BigInt,
        tenant_id -> BigInt,
        service -> Text,
        granted_at -> Timestamp,
        granted_by -> Nullable<BigInt>,
        removed_at -> Nullable<Timestamp>,
        removed_by -> Nullable<BigInt>,
        relationship_id -> Nullable<Text>,
    }
}

diesel::table! {
    delegated_admin_roles (service, code) {
        service -> Text,
        code -> Text,
        full_admin -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    delegated_admin_relationships (id) {
        id -> Text,
        partner_id -> BigInt,
        tenant_id -> Nullable<BigInt>,
        display_name -> Text,
        duration_days -> Integer,
        auto_extend -> Bool,
        customer_domain -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        request_expires_at -> Timestamp,
        approved_at -> Nullable<Timestamp>,
        approved_by -> Nullable<Text>,
        ends_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<Text>,
        reminded_days -> Nullable<Integer>,
        extension_of -> Nullable<Text>,
    }
}

diesel::table! {
    delegated_admin_relationship_roles (id) {
        id -> BigInt,
        relationship_id -> Text,
        service -> Text,
        role -> Text,
        approved -> Bool,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        service -> Text,
        offer -> Text,
        seats -> Integer,
        add_ons -> Integer,
        /// `None`: no Partner of Record (billed by the operator).
        partner_of_record_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        action -> Text,
        actor_name -> Text,
        partner_id -> Nullable<BigInt>,
        tenant_id -> Nullable<BigInt>,
        service -> Nullable<Text>,
        detail -> Nullable<Text>,
        roles -> Nullable<Text>,
    }
}

// Rows by block of 1,024 ids (block = id >> 10), kept by the writing
// transaction (triggers; SQLite's events at commit, db::event_counts), so a
// numbered page finds where it starts without stepping over the rows before
// it (migrations: page_counts; domain::paging::Blocks).
diesel::table! {
    relationship_counts (partner_id, status, block) {
        partner_id -> BigInt,
        status -> Text,
        block -> BigInt,
        n -> BigInt,
    }
}

diesel::table! {
    partner_event_counts (partner_id, block) {
        partner_id -> BigInt,
        block -> BigInt,
        n -> BigInt,
    }
}

// SQLite only: the events above `up_to` are not counted yet (db::event_counts).
diesel::table! {
    counted_events (id) {
        id -> BigInt,
        up_to -> BigInt,
    }
}

diesel::table! {
    tenant_event_counts (tenant_id, block) {
        tenant_id -> BigInt,
        block -> BigInt,
        n -> BigInt,
    }
}

diesel::table! {
    partner_of_record_requests (id) {
        id -> BigInt,
        subscription_id -> BigInt,
        tenant_id -> BigInt,
        partner_id -> BigInt,
        requested_at -> Timestamp,
        status -> Text,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    user_sessions (id) {
        id -> Text,
        partner_user_id -> Nullable<BigInt>,
        customer_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> BigInt,
        partner_id -> BigInt,
        url -> Text,
        secret -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        partner_id -> BigInt,
        name -> Text,
        scope -> Text,
        secret_digest -> Text,
        hint -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Text>,
    }
}

diesel::table! {
    outbox_messages (id) {
        id -> BigInt,
        message_id -> Text,
        channel -> Text,
        event_type -> Text,
        partner_id -> Nullable<BigInt>,
        tenant_id -> Nullable<BigInt>,
        recipient -> Text,
        audience -> Nullable<Text>,
        webhook_endpoint_id -> Nullable<BigInt>,
        lang -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> BigInt,
        outbox_message_id -> BigInt,
        attempted_at -> Timestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::table! {
    notification_opt_outs (id) {
        id -> BigInt,
        partner_user_id -> Nullable<BigInt>,
        customer_user_id -> Nullable<BigInt>,
        kind -> Text,
    }
}

diesel::joinable!(partner_users -> partners (partner_id));
diesel::joinable!(invitation_tokens -> partners (partner_id));
diesel::joinable!(customer_users -> tenants (tenant_id));
diesel::joinable!(reseller_relationships -> tenants (tenant_id));
diesel::joinable!(reseller_relationships -> partners (partner_id));
diesel::joinable!(delegated_admin_grants -> partners (partner_id));
diesel::joinable!(delegated_admin_grants -> tenants (tenant_id));
diesel::joinable!(subscriptions -> tenants (tenant_id));
diesel::joinable!(subscriptions -> partners (partner_of_record_id));
diesel::joinable!(audit_events -> tenants (tenant_id));
diesel::joinable!(partner_of_record_requests -> subscriptions (subscription_id));
diesel::joinable!(partner_of_record_requests -> partners (partner_id));
diesel::joinable!(partner_of_record_requests -> tenants (tenant_id));
diesel::joinable!(webhook_endpoints -> partners (partner_id));
diesel::joinable!(api_keys -> partners (partner_id));
diesel::joinable!(delegated_admin_relationships -> partners (partner_id));
diesel::joinable!(delegated_admin_relationships -> tenants (tenant_id));
diesel::joinable!(delegated_admin_relationship_roles -> delegated_admin_relationships (relationship_id));
diesel::joinable!(outbox_messages -> webhook_endpoints (webhook_endpoint_id));
diesel::joinable!(webhook_attempts -> outbox_messages (outbox_message_id));

diesel::allow_tables_to_appear_in_same_query!(
    partners,
    partner_users,
    invitation_tokens,
    tenants,
    customer_users,
    reseller_relationships,
    delegated_admin_grants,
    subscriptions,
    audit_events,
    partner_of_record_requests,
    webhook_endpoints,
    outbox_messages,
    webhook_attempts,
    notification_opt_outs,
    delegated_admin_roles,
    delegated_admin_relationships,
    delegated_admin_relationship_roles,
    api_keys,
    user_sessions,
    counted_events,
);

diesel::table! {
    fortunes (id) {
        id -> Integer,
        message -> Text,
    }
}
