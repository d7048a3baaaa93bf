module example.com/inventory-service

go 1.22

require (
	github.com/acme/bsl-store v2.1.0+incompatible
	github.com/acme/copyleft v0.3.0
	github.com/acme/permissive v1.2.0
)

require golang.org/x/text v0.14.0 // indirect
