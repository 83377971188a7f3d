// Command Console is the Lambda function serving the admin console's files
// (template.yaml's Console; the build puts console/dist beside it as console/).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-lambda-go/lambda"

	"selfserve/shared/console"
)

func main() {
	cfg, err := console.ConfigFromEnv()
	if err == nil {
		var site *console.Site
		if site, err = console.Load(os.DirFS(filepath.Join(os.Getenv("LAMBDA_TASK_ROOT"), "console")), cfg); err == nil {
			lambda.Start(site.Handle)
			return
		}
	}
	fmt.Fprintln(os.Stderr, "cold start failed:", err)
	os.Exit(1)
}
