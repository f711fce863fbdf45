# Switchyard in a container (used by docker-compose.yml). The data folder (SQLite file and
# the generated secret) lives in the /data volume.
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund && npx next build
ENV DATA_DIR=/data PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
