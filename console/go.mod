// This file only keeps Go tools (go vet ./..., go test ./...) out of the
// console: npm packages can ship Go sources (node_modules/flatted/golang).
module selfserve/console

go 1.26
