package lambdaapp

import (
	"errors"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"selfserve/shared/dynamo/overload"
)

// EnvDynamoDBEndpoint is DynamoDB Local's URL (dynamo.EndpointEnv; never
// set when deployed).
const EnvDynamoDBEndpoint = "DYNAMODB_ENDPOINT"

// NewDynamoDBClient returns the function's DynamoDB client, configured as
// shared/dynamo configures it (the same retryer without a client-side
// retry quota, the same overload answer), from the function's environment.
//
// It does not use the SDK's config package: config.LoadDefaultConfig's
// credential chain (shared files, SSO, STS, web identity, IMDS…) links a
// dozen SDK packages whose initialisation alone costs about a millisecond
// of every cold start, and a function has its region and credentials in
// its environment (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN), which is where LoadDefaultConfig finds them too. The
// package tests compare the two configurations. With DYNAMODB_ENDPOINT set
// (DynamoDB Local) it uses shared/dynamo's fixed local region and
// credentials.
func NewDynamoDBClient(endpoint string) (*dynamodb.Client, error) {
	cfg, err := awsConfig(endpoint)
	if err != nil {
		return nil, err
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		// DynamoDB Local's CRC32 header doesn't always match its body.
		o.DisableValidateResponseChecksum = endpoint != ""
	}), nil
}

// awsConfig is the aws.Config LoadDefaultConfig resolves in a Lambda
// function's environment (or, with endpoint, for DynamoDB Local), with
// shared/dynamo's retryer and overload middleware.
func awsConfig(endpoint string) (aws.Config, error) {
	cfg := aws.Config{
		DefaultsMode:                aws.DefaultsModeLegacy,
		RequestChecksumCalculation:  aws.RequestChecksumCalculationWhenSupported,
		ResponseChecksumValidation:  aws.ResponseChecksumValidationWhenSupported,
		AccountIDEndpointMode:       aws.AccountIDEndpointModePreferred,
		RequestMinCompressSizeBytes: 10240,
		Logger:                      logging.NewStandardLogger(os.Stderr),
		// The SDK retries throttling with backoff; its client-side retry quota
		// would fail requests under load on top of DynamoDB's own answer.
		Retryer:    overload.Retryer,
		APIOptions: []func(*middleware.Stack) error{overload.Middleware},
	}
	if endpoint != "" {
		cfg.Region = "us-east-1"
		cfg.Credentials = aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("local", "local", ""))
		cfg.BaseEndpoint = aws.String(endpoint)
		return cfg, nil
	}
	cfg.Region = firstEnv("AWS_REGION", "AWS_DEFAULT_REGION")
	if cfg.Region == "" {
		return aws.Config{}, errors.New("AWS_REGION is not set")
	}
	creds := aws.Credentials{
		AccessKeyID:     firstEnv("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"),
		SecretAccessKey: firstEnv("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"),
		SessionToken:    os.Getenv("AWS_SESSION_TOKEN"),
		AccountID:       os.Getenv("AWS_ACCOUNT_ID"),
		Source:          "EnvConfigCredentials",
	}
	if !creds.HasKeys() {
		return aws.Config{}, errors.New("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
	}
	cfg.Credentials = aws.NewCredentialsCache(credentials.StaticCredentialsProvider{Value: creds,
		Source: []aws.CredentialSource{aws.CredentialSourceEnvVars}})
	return cfg, nil
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}
