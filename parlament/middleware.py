# No inline scripts or styles anywhere a citizen goes; the admin keeps inline styles, which
# some of its widgets set.
POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'{extra}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PUBLIC_POLICY = POLICY.format(extra="")
ADMIN_POLICY = POLICY.format(extra=" 'unsafe-inline'")


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response (Django 5.2 has none built in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault("Content-Security-Policy", ADMIN_POLICY if admin else PUBLIC_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
