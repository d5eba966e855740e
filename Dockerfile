# syntax=docker/dockerfile:1
# One Dockerfile, two images:
#   docker build --target server -t rendezvous/server .   # every backend app; the command picks which
#   docker build --target web    -t rendezvous/web .      # the web app behind nginx (proxies /api, /health, /socket.io)
ARG NODE_IMAGE=node:20.19-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

# All dependencies, from the lock file only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The server (tsc) and the web app (Angular).
FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json tsconfig.json nest-cli.json angular.json ./
COPY libs libs
COPY apps apps
COPY scripts/compress-web.mjs scripts/
RUN npm run build

# Runtime dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Backend image: node, the compiled apps and production node_modules, running as the unprivileged `node` user.
FROM ${NODE_IMAGE} AS server
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/dist/apps ./dist/apps
COPY --from=build /src/dist/libs ./dist/libs
COPY --from=build /src/dist/web/browser ./dist/web/browser
COPY package.json ./
USER node
EXPOSE 3000 3001 3002
# The embedded mode by default; compose and k8s run dist/apps/{session,matchmaking,gateway}/src/main.js.
CMD ["node", "dist/apps/all-in-one/src/main.js"]

# Web image: the built Angular app behind nginx, configured from deploy/nginx/rendezvous.conf.template
# (the same file `npm run start:cluster` uses); nginx's entrypoint fills in ${NGINX_*} at start.
FROM ${NGINX_IMAGE} AS web
USER root
RUN rm -f /etc/nginx/conf.d/default.conf
COPY --from=build /src/dist/web/browser /usr/share/nginx/html
COPY deploy/nginx/rendezvous.conf.template /etc/nginx/templates/rendezvous.conf.template
ENV NGINX_ENVSUBST_FILTER=^NGINX_ \
    NGINX_LISTEN=8080 \
    NGINX_ACCESS_LOG=/dev/stdout \
    NGINX_WEB_ROOT=/usr/share/nginx/html \
    NGINX_MAX_BODY_SIZE=12m \
    NGINX_PRECOMPRESSED="gzip_static on;" \
    NGINX_SESSION_SERVERS="server session:3001;" \
    NGINX_GATEWAY_SERVERS="server gateway:3000;"
USER 101
EXPOSE 8080
