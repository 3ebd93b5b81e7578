/** The Java front end against issue 5's client libraries, Spring routes and span creation sites. */
import { describe, expect, it } from 'vitest';
import { analyzedBeforeAll, calleeKinds } from './project.js';

const PKG = 'package com.example;\n';
const FILES: Record<string, string> = {
  'Jdbc.java': `${PKG}
import java.sql.Connection;
import javax.sql.DataSource;
public class Jdbc {
    private final DataSource ds;
    public Jdbc(DataSource ds) { this.ds = ds; }
    public void useJdbc() throws Exception {
        Connection c = ds.getConnection();
        c.prepareStatement("select 1").executeQuery();
    }
}
`,
  'UserRepository.java': `${PKG}
import org.springframework.data.jpa.repository.JpaRepository;
public interface UserRepository extends JpaRepository<User, Long> {}
`,
  'Clients.java': `${PKG}
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
public class Clients {
    private final RestTemplate rest = new RestTemplate();
    private final WebClient web = WebClient.create();
    private final UserRepository users;
    private final Billing billing;
    public Clients(UserRepository users, Billing billing) { this.users = users; this.billing = billing; }
    public Object useJpa() { return users.findAll(); }
    public Object useRestTemplate() { return rest.getForObject("http://x", String.class); }
    public Object useWebClient() { return web.get(); }
    public Object useFeign() { return billing.charge(1); }
}
`,
  'Billing.java': `${PKG}
import org.springframework.cloud.openfeign.FeignClient;
@FeignClient(name = "billing")
public interface Billing { Object charge(long id); }
`,
  'UserController.java': `${PKG}
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/users")
public class UserController {
    @GetMapping("/{id}") public Object get(@PathVariable long id) { return null; }
    @PostMapping public Object create() { return null; }
    @RequestMapping(value = "/search", method = RequestMethod.PUT) public Object search() { return null; }
}
`,
  'Spans.java': `${PKG}
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
public class Spans {
    private final Tracer tracer;
    public Spans(Tracer tracer) { this.tracer = tracer; }
    @WithSpan("annotated-span") public void annotated() {}
    public void built() {
        Span span = tracer.spanBuilder("built-span").startSpan();
        span.end();
    }
}
`,
};

const project = analyzedBeforeAll(FILES);

describe('Java front end: client libraries', () => {
  it.each([
    ['JDBC', 'Jdbc.useJdbc', 'db'],
    ['JPA repositories', 'Clients.useJpa', 'db'],
    ['RestTemplate', 'Clients.useRestTemplate', 'http'],
    ['WebClient', 'Clients.useWebClient', 'http'],
    ['Feign', 'Clients.useFeign', 'rpc'],
  ])('%s', (_lib, from, kind) => {
    expect(calleeKinds(project, from)).toContain(kind);
    expect(project.config.spans[from]?.reason).toContain('external_calls');
  });
});

describe('Java front end: Spring routes', () => {
  it.each([
    ['@GetMapping under @RequestMapping', 'GET /users/{id}'],
    ['@PostMapping without a path', 'POST /users'],
    ['@RequestMapping(method=)', 'PUT /users/search'],
  ])('%s', (_what, span) => {
    expect(project.config.spans[span]?.source).toBeDefined();
  });
});

describe('Java front end: span creation sites', () => {
  it.each(['annotated-span', 'built-span'])('%s', (span) => {
    expect(project.config.spans[span]).toBeDefined();
  });
});
