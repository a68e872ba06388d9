#!/usr/bin/env bash
# Applies the Next.js recipe (docs/storefront.md) to a checkout of Medusa's Next.js starter
# (medusajs/dtc-starter, checked against main 9233262), installs the plugin's packed build into
# it (npm, no flags), builds it in production mode, starts it against a running demo store and
# drives Chromium through the recipe's journeys (recipes/dtc-starter/journeys.mjs), asserting the
# books through the admin API. Screenshots: docs/images/dtc-*.png.
#
#   PORT=9300 STOREFRONT_URL=http://localhost:8000/de DEMO_READY_FILE=/tmp/demo.json npm run demo   # in another shell
#   DEMO_READY_FILE=/tmp/demo.json scripts/try-dtc-starter.sh /path/to/dtc-starter
#
# CI can't fetch the starter, so this runs only when given a starter directory.
set -euo pipefail

STARTER=${1:?usage: scripts/try-dtc-starter.sh <dtc-starter checkout>}
STARTER=$(cd "$STARTER" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
READY=${DEMO_READY_FILE:?set DEMO_READY_FILE to the ready file npm run demo writes}
SF_PORT=${STOREFRONT_PORT:-8000}
APP="$STARTER/apps/storefront"
[ -d "$APP" ] || APP="$STARTER"
t0=$(date +%s)
step() { echo "[try-dtc-starter] $(( $(date +%s) - t0 )) s: $*"; }

step "starter at $(git -C "$STARTER" rev-parse --short HEAD 2>/dev/null || echo '(not a git checkout)')"
step "applying the recipe (recipes/dtc-starter/recipe.patch)"
if git -C "$STARTER" apply --check "$ROOT/recipes/dtc-starter/recipe.patch" 2>/dev/null; then
  git -C "$STARTER" apply "$ROOT/recipes/dtc-starter/recipe.patch"
elif git -C "$STARTER" apply --reverse --check "$ROOT/recipes/dtc-starter/recipe.patch" 2>/dev/null; then
  step "already applied"
else
  (cd "$STARTER" && patch -p1 --forward < "$ROOT/recipes/dtc-starter/recipe.patch")
fi

step "packing the plugin (npm run build when .medusa/server is missing)"
[ -f "$ROOT/.medusa/server/src/storefront/index.d.ts" ] || (cd "$ROOT" && npm run build)
PACK_DIR=$(mktemp -d)
(cd "$ROOT" && npm pack --silent --pack-destination "$PACK_DIR" >/dev/null)
TARBALL=$(ls "$PACK_DIR"/*.tgz)

step "npm install (the starter's dependencies and the plugin, no flags)"
(cd "$APP" && npm install --no-audit --no-fund "$TARBALL")
if [ -d "$APP/node_modules/@medusajs/medusa" ] || [ -d "$APP/node_modules/@medusajs/framework" ]; then
  echo "a Medusa server was installed into the storefront" >&2
  exit 1
fi

step "waiting for the demo store ($READY)"
for _ in $(seq 1 300); do [ -s "$READY" ] && break; sleep 1; done
BACKEND=$(node -p "require('$READY').base_url")
KEY=$(node -p "require('$READY').publishable_key")
cat > "$APP/.env.local" <<ENV
NEXT_PUBLIC_MEDUSA_BACKEND_URL=$BACKEND
NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY=$KEY
NEXT_PUBLIC_DEFAULT_REGION=de
NEXT_PUBLIC_BASE_URL=http://localhost:$SF_PORT
ENV

step "type-checking the recipe (the starter's build ignores type errors)"
(cd "$APP" && npx tsc --noEmit -p tsconfig.json)

step "next build (production)"
(cd "$APP" && NODE_ENV=production npx next build)

step "next start on port $SF_PORT"
# its own process group, so that stopping it stops next's children too
setsid bash -c "cd '$APP' && NODE_ENV=production exec npx next start -p '$SF_PORT'" > "$APP/.next/try-dtc-starter.log" 2>&1 &
SERVER=$!
trap 'kill -- -$SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://localhost:$SF_PORT/de" && break
  sleep 1
done

step "driving Chromium through the journeys"
(cd "$ROOT" && STOREFRONT="http://localhost:$SF_PORT" BACKEND="$BACKEND" PUBLISHABLE_KEY="$KEY" SHOTS="$ROOT/docs/images" \
  node recipes/dtc-starter/journeys.mjs)
step "done"
