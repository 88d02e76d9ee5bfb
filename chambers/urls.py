app_name = "chambers"
urlpatterns = []
