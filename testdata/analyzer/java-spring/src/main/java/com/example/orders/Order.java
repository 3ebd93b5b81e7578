package com.example.orders;

import java.util.List;

public class Order {
    private String id;
    private long total;
    private List<String> items;

    public long getTotal() {
        return total;
    }

    public List<String> getItems() {
        return items;
    }
}
