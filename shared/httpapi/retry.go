package httpapi

// maxRetries bounds read-modify-write retries after a concurrent change.
const maxRetries = 5
