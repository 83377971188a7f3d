package lambdaapp

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
)

// lambdaEnvironment sets what Lambda sets (and nothing of this machine's
// AWS setup: no shared files, profile or CA bundle).
func lambdaEnvironment(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1",
		"AWS_ACCESS_KEY_ID": "AKIDLAMBDA", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
		"AWS_LAMBDA_FUNCTION_NAME": "GetSubscription", "AWS_EXECUTION_ENV": "AWS_Lambda_provided.al2023",
		"HOME": dir, "AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_PROFILE": "", "AWS_DEFAULT_PROFILE": "", "AWS_CA_BUNDLE": "", "AWS_ACCOUNT_ID": "", "AWS_ENDPOINT_URL": "",
		"AWS_ENDPOINT_URL_DYNAMODB": "", "AWS_USE_FIPS_ENDPOINT": "", "AWS_USE_DUALSTACK_ENDPOINT": "",
		"AWS_ACCESS_KEY": "", "AWS_SECRET_KEY": "", "AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_ROLE_ARN": "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_DEFAULTS_MODE": "", "AWS_REQUEST_CHECKSUM_CALCULATION": "", "AWS_RESPONSE_CHECKSUM_VALIDATION": "",
		"AWS_ACCOUNT_ID_ENDPOINT_MODE": "", "AWS_SDK_UA_APP_ID": "", "AWS_DISABLE_REQUEST_COMPRESSION": "",
		"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "",
	} {
		t.Setenv(k, v)
	}
}

// comparable is what a client takes from an aws.Config.
func comparableConfig(t *testing.T, cfg aws.Config) string {
	t.Helper()
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("region=%q creds=%+v defaults=%q reqsum=%v respsum=%v account=%q compress=%v/%d endpoint=%v app=%q retry=%d/%q http=%v",
		cfg.Region, creds, cfg.DefaultsMode, cfg.RequestChecksumCalculation, cfg.ResponseChecksumValidation, cfg.AccountIDEndpointMode,
		cfg.DisableRequestCompression, cfg.RequestMinCompressSizeBytes, aws.ToString(cfg.BaseEndpoint), cfg.AppID,
		cfg.RetryMaxAttempts, cfg.RetryMode, cfg.HTTPClient)
}

// TestClientConfigIsLoadDefaultConfigs: in a Lambda function's environment
// the client is configured as config.LoadDefaultConfig (shared/dynamo)
// would configure it, without the config package; for DynamoDB Local as
// dynamo.Config does.
func TestClientConfigIsLoadDefaultConfigs(t *testing.T) {
	lambdaEnvironment(t)
	ctx := context.Background()
	want, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := awsConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if g, w := comparableConfig(t, got), comparableConfig(t, want); g != w {
		t.Errorf("deployed config:\n got %s\nwant %s", g, w)
	}
	if got.Retryer == nil || got.Retryer().MaxAttempts() != 3 || len(got.APIOptions) != 1 {
		t.Errorf("want shared/dynamo's retryer and overload middleware, got retryer %t, %d API options", got.Retryer != nil, len(got.APIOptions))
	}

	want, err = dynamo.Config(ctx, dynamo.Options{Endpoint: "http://127.0.0.1:8000"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err = awsConfig("http://127.0.0.1:8000"); err != nil {
		t.Fatal(err)
	}
	if g, w := comparableConfig(t, got), comparableConfig(t, want); g != w {
		t.Errorf("local config:\n got %s\nwant %s", g, w)
	}
	if EnvDynamoDBEndpoint != dynamo.EndpointEnv {
		t.Errorf("EnvDynamoDBEndpoint = %q, dynamo.EndpointEnv = %q", EnvDynamoDBEndpoint, dynamo.EndpointEnv)
	}
}

func TestClientNeedsRegionAndCredentials(t *testing.T) {
	for _, unset := range []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		lambdaEnvironment(t)
		t.Setenv(unset, "")
		if unset == "AWS_REGION" {
			t.Setenv("AWS_DEFAULT_REGION", "")
		}
		if _, err := NewDynamoDBClient(""); err == nil {
			t.Errorf("without %s: no error", unset)
		}
	}
}

// TestUnreachableDynamoDBIsUnavailable: through the function's client, a
// DynamoDB that can't be reached is CodeUnavailable, as with shared/dynamo.
func TestUnreachableDynamoDBIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	client, err := NewDynamoDBClient("http://" + addr)
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ListTables(context.Background(), &dynamodb.ListTablesInput{})
	if got, want := domain.ErrorCode(err), domain.CodeUnavailable; got != want {
		t.Errorf("got %q (%v), want %q", got, err, want)
	}
}
