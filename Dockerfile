# The same steps as `make serve`: pinned, hash-checked install; migrations; seed ingest; serve.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=8000
RUN apt-get update && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 quotemap
WORKDIR /srv/quotemap
COPY --chown=quotemap:quotemap . .
USER quotemap
# Install, build the gazetteer and run the migrations at build time, as `make serve` would.
RUN make install gazetteer
EXPOSE 8000
# `make serve` migrates, ingests seeds/ (a no-op when already stored) and serves.
CMD ["make", "serve"]
