package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("users")

type Store struct {
	db *sql.DB
}

func (s *Store) FindUser(ctx context.Context, id string) (string, error) {
	ctx, span := tracer.Start(ctx, "store.find_user")
	defer span.End()
	row := s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id)
	var name string
	if err := row.Scan(&name); err != nil {
		return "", err
	}
	return name, nil
}

func fetchProfile(ctx context.Context, id string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", "http://profiles/"+id, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func writeJSON(w http.ResponseWriter, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

func main() {
	db, _ := sql.Open("postgres", "dbname=app")
	store := &Store{db: db}
	http.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		name, err := store.FindUser(r.Context(), r.PathValue("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		for i := 0; i < 2; i++ {
			fetchProfile(r.Context(), name)
		}
		writeJSON(w, name)
	})
	http.HandleFunc("/health", health)
	_ = http.ListenAndServe(":8080", nil)
}

func health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, "ok")
}
