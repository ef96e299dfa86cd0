#!/bin/bash
# test-mail-dns-apache.sh — the full triplet in one pod
# (tests/integration/pods/mail-dns-apache.yaml).
# Asserts: all three become ready in dependency order (dns first); every
# container resolves the others' names through dns; apache sends a message to
# mail.$DOMAIN:25 (resolved through dns) that lands in /var/mail/alice; mail
# fetches http://apache.$DOMAIN:8080/backend/ through apache's proxy; after a
# dns restart both dependents work again.
# Standalone, or against an existing pod: POD=… [CONTAINER_DNS=…]
# [CONTAINER_APACHE=…] [CONTAINER_MAIL=…]
source "$(dirname "$0")/lib.sh"

pod_up mail-dns-apache.yaml dns apache mail
wait_ready "$CONTAINER_DNS"
wait_ready "$CONTAINER_APACHE"
wait_ready "$CONTAINER_MAIL"

for c in "$CONTAINER_DNS" "$CONTAINER_APACHE" "$CONTAINER_MAIL"; do
    for n in dns apache mail; do
        resolves "$c" "$n.$DOMAIN" 127.0.0.1
    done
done

token=mda-$$-$RANDOM
smtp_send "$CONTAINER_APACHE" "mail.$DOMAIN" "alice@$DOMAIN" "$token"
wait_mailbox "$CONTAINER_MAIL" alice "$token"
http_get "$CONTAINER_MAIL" "http://apache.$DOMAIN:8080/backend/" "podserve-backend ok"

restart_and_recover "$CONTAINER_DNS"
wait_ready "$CONTAINER_APACHE"
wait_ready "$CONTAINER_MAIL"
token2=mda2-$$-$RANDOM
smtp_send "$CONTAINER_APACHE" "mail.$DOMAIN" "postmaster@$DOMAIN" "$token2"
wait_mailbox "$CONTAINER_MAIL" alice "$token2"
http_get "$CONTAINER_MAIL" "http://apache.$DOMAIN:8080/backend/" "podserve-backend ok"
pod_stats
