import { describe, expect, it } from 'vitest';
import { analyzeProject, edgesOf } from '../../test/project.js';
import { joinRoute } from './django-urls.js';

const VIEWS = `
from django.http import HttpResponse
from django.views import View


def show(request, pk):
    return HttpResponse(pk)


class Things(View):
    def get(self, request):
        return HttpResponse("list")

    def post(self, request):
        show(request, 1)
        return HttpResponse("made")
`;

describe('joinRoute (Django _join_route)', () => {
  it('drops the inner leading ^ unless the outer route is empty', () => {
    expect(joinRoute('', '^items/$')).toBe('^items/$');
    expect(joinRoute('api/', '^items/$')).toBe('api/items/$');
    expect(joinRoute('^legacy/', 'x/<int:id>/')).toBe('^legacy/x/<int:id>/');
  });
});

describe('Django URL confs', () => {
  it('names routes as opentelemetry-instrumentation-django does, through nested includes', async () => {
    const { config, problems } = await analyzeProject({
      'site/urls.py': `
from django.urls import include, path, re_path
from django.conf.urls import url
from app import urls as app_urls

urlpatterns = [
    path("a/", include("app.urls")),
    re_path(r"^b/", include(app_urls)),
    path("c/", include(("app.urls", "app"), namespace="c")),
    url(r"^d/(?P<pk>[0-9]+)/$", "not.a.view"),
]
`,
      'app/urls.py': `
from django.urls import include, path
from . import views

inner = [path("deep/<slug:s>/", views.show)]

urlpatterns = [
    path("show/<int:pk>/", views.show),
    path("things/", views.Things.as_view()),
    path("n/", include(inner)),
]
`,
      'app/views.py': VIEWS,
    });
    expect(problems).toEqual([]);
    const names = Object.keys(config.spans).filter((n) => /^[A-Z]+ /.test(n));
    expect(names.sort()).toEqual(
      [
        'GET a/show/<int:pk>/',
        'GET a/things/',
        'POST a/things/',
        'GET a/n/deep/<slug:s>/',
        'GET ^b/show/<int:pk>/',
        'GET ^b/things/',
        'POST ^b/things/',
        'GET ^b/n/deep/<slug:s>/',
        'GET c/show/<int:pk>/',
        'GET c/things/',
        'POST c/things/',
        'GET c/n/deep/<slug:s>/',
      ].sort(),
    );
    expect(edgesOf(config)).toContain('POST a/things/ -> GET a/show/<int:pk>/ (mandatory)');
  });

  it('reads DRF routers, explicit viewset mappings and route names of empty routes', async () => {
    const { config } = await analyzeProject({
      'urls.py': `
from django.urls import include, path
from rest_framework.routers import SimpleRouter
from views import Books, home

router = SimpleRouter(trailing_slash=False)
router.register(r"books", Books)

urlpatterns = [
    path("", home, name="home"),
    path("raw/", Books.as_view({"get": "list", "post": "create"})),
]
urlpatterns += router.urls
`,
      'views.py': `
from rest_framework import mixins, viewsets
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "POST"])
def home(request):
    return None


class Books(mixins.CreateModelMixin, viewsets.GenericViewSet):
    def list(self, request):
        return []
`,
    });
    const names = Object.keys(config.spans).filter((n) => /^[A-Z]+ /.test(n));
    expect(names.sort()).toEqual(
      ['GET home', 'POST home', 'GET raw/', 'POST raw/', 'GET ^books$', 'POST ^books$'].sort(),
    );
    expect(config.spans['GET ^books$']?.source).toBe('views.py:12');
  });

  it('survives include cycles and views outside the analysed tree', async () => {
    const { config, problems } = await analyzeProject({
      'a/urls.py': `
from django.urls import include, path
from django.contrib import admin
urlpatterns = [path("b/", include("b.urls")), path("admin/", admin.site.urls)]
`,
      'b/urls.py': `
from django.urls import include, path
from b import views
urlpatterns = [path("a/", include("a.urls")), path("x/", views.x)]
`,
      'b/views.py': 'def x(request):\n    return None\n',
    });
    expect(problems).toEqual([]);
    expect(config.spans['GET b/x/']).toBeDefined();
  });
});
