module example.com/pricing

go 1.22

require github.com/acme/permissive v1.2.0

require golang.org/x/text v0.14.0 // indirect
