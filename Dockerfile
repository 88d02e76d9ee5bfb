FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STATIC_MANIFEST=1 STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/data/media

RUN useradd --create-home --uid 1000 parlament && mkdir -p /app /data/media \
    && chown parlament /data/media
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=parlament . .
# collectstatic needs settings but no database or secret of the deployment.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0

USER parlament
EXPOSE 8000
CMD ["gunicorn", "--config", "parlament/gunicorn.py", "parlament.wsgi"]
