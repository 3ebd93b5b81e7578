package com.example.orders;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestTemplate;

@Service
public class OrderService {
    private final OrderRepository repository;
    private final RestTemplate rest;

    public OrderService(OrderRepository repository, RestTemplate rest) {
        this.repository = repository;
        this.rest = rest;
    }

    public Order find(String id) {
        return repository.findById(id).orElseThrow();
    }

    @WithSpan("orders.place")
    public Order place(Order order) {
        validate(order);
        try {
            rest.postForObject("http://payments/charge", order, String.class);
        } catch (RuntimeException e) {
            notifyFailure(order);
            throw e;
        }
        for (String item : order.getItems()) {
            reserve(item);
        }
        return repository.save(order);
    }

    private void validate(Order order) {
        if (order.getItems().isEmpty()) {
            throw new IllegalStateException("no items");
        }
    }

    private void reserve(String item) {
        rest.postForObject("http://inventory/reserve", item, String.class);
    }

    private void notifyFailure(Order order) {
    }
}
