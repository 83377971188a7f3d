package ddblocal

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/dynamo"
	"selfserve/shared/template"
)

// TestWaitForCommitsSurvivesKill: a transaction a WaitForCommits client
// got an answer for is in the files after DynamoDB Local is SIGKILLed right
// after that answer. (Without WaitForCommits the last transaction is lost
// in about half of such kills: DynamoDB Local answers before it commits.)
func TestWaitForCommitsSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts DynamoDB Local twice")
	}
	ctx := context.Background()
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Root: root, DBPath: t.TempDir()}
	srv, err := Start(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	plain, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: srv.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	db := WaitForCommits(plain)
	_, err = db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("commits"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10
	for i := range n {
		put := func(k string) types.TransactWriteItem {
			return types.TransactWriteItem{Put: &types.Put{TableName: aws.String("commits"),
				Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: k}}}}
		}
		if _, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
			TransactItems: []types.TransactWriteItem{put(fmt.Sprintf("a%d", i)), put(fmt.Sprintf("b%d", i))}}); err != nil {
			t.Fatal(err)
		}
	}
	srv.proc.Kill() // SIGKILL, right after the last answer

	again, err := Start(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(again.Stop)
	check, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: again.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	out, err := check.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("commits"), ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if out.Count != 2*n {
		t.Errorf("%d of the %d items of acknowledged transactions survived the kill", out.Count, 2*n)
	}
}
