package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
	"selfserve/shared/domain"
)

// eventTypes are the webhook event types, the API's own list.
var eventTypes = domain.EventTypes

func (c *cli) webhooksCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks",
		Short: "Register webhook endpoints and follow their deliveries",
		Example: `  selfserve webhooks create --url https://hooks.example.com/selfserve --event-types subscription.created,subscription.cancelled
  selfserve webhooks test ep_01…
  selfserve webhooks deliveries ep_01…`,
	}
	return group(cmd, c.webhooksCreate(), c.webhooksList(), c.webhooksDelete(), c.webhooksRotate(), c.webhooksTest(),
		c.webhooksDeliveries(), c.webhooksRetry())
}

// endpointColumns are the columns of an endpoint; with its secret, Secret
// follows.
var endpointColumns = []string{"Id", "Url", "EventTypes", "Scope", "Owner", "Status", "CreatedAt"}

func endpointRow(e client.WebhookEndpoint) []any {
	events := strings.Join(e.EventTypes, ",")
	if events == "" {
		events = "*"
	}
	status := e.Status
	if e.DisabledReason != "" {
		status += " (" + e.DisabledReason + ")"
	}
	return []any{e.ID, e.URL, events, e.Owner.Scope, e.Owner.UserID, status, e.CreatedAt}
}

// endpointWithSecret is an endpoint and its new secret, shown once.
func endpointWithSecret(e *client.WebhookEndpointWithSecret) table {
	t := table{columns: append(append([]string{}, endpointColumns...), "Secret")}
	t.add(append(endpointRow(e.WebhookEndpoint), e.Secret)...)
	return t
}

func (c *cli) webhooksCreate() *cobra.Command {
	var body client.WebhookEndpointCreate
	cmd := &cobra.Command{
		Use:   "create --url URL [--event-types a,b] [--description TEXT]",
		Short: "Register an endpoint; its signing secret is shown this once",
		Long: `Register a webhook endpoint. What it receives follows from your roles: an admin's
endpoint every event of the tenant, an agent's those of the subscriptions its partner
manages, anyone else's those of their own purchases; --event-types narrows that (all
when absent). The answer has the signing secret (whsec_…): keep it, it is not shown again.`,
		Example: `  selfserve webhooks create --url https://hooks.example.com/selfserve
  selfserve webhooks create --url https://hooks.example.com/selfserve --event-types subscription.created,subscription.cancelled`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if body.URL == "" {
				return usagef("missing --url (see '%s --help')", cmd.CommandPath())
			}
			for _, e := range body.EventTypes {
				if !slices.Contains(eventTypes, e) {
					return usagef("--event-types: unknown event type %q (see '%s --help')", e, cmd.CommandPath())
				}
			}
			return c.call(func(cl *client.Client, tenant string) error {
				e, err := cl.CreateWebhookEndpoint(cmd.Context(), tenant, body)
				if err != nil {
					return err
				}
				return c.print(e, endpointWithSecret(e))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&body.URL, "url", "", "where to post the events (https; http to loopback locally)")
	f.StringSliceVar(&body.EventTypes, "event-types", nil, "the event types to receive, comma-separated (default all): "+strings.Join(eventTypes, ", "))
	f.StringVar(&body.Description, "description", "", "what the endpoint is for")
	completeEnum(cmd, "event-types", eventTypes)
	return cmd
}

func (c *cli) webhooksList() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the endpoints: an admin sees the tenant's, anyone else their own",
		Example: "  selfserve webhooks list",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				eps, err := collectAll(cl.AllWebhookEndpoints(cmd.Context(), tenant, &client.ListWebhookEndpointsParams{Limit: 200}))
				if err != nil {
					return err
				}
				t := table{columns: endpointColumns}
				for _, e := range eps {
					t.add(endpointRow(e)...)
				}
				return c.print(eps, t)
			})
		},
	}
}

// deletedEndpoint is what webhooks delete prints: the API answers no body.
type deletedEndpoint struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

func (c *cli) webhooksDelete() *cobra.Command {
	return &cobra.Command{
		Use:     "delete ENDPOINT_ID",
		Short:   "Delete an endpoint; its pending deliveries are cancelled",
		Example: "  selfserve webhooks delete ep_01…",
		Args:    exactArgs("ENDPOINT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				if err := cl.DeleteWebhookEndpoint(cmd.Context(), tenant, args[0]); err != nil {
					return err
				}
				t := table{columns: []string{"Id", "Deleted"}}
				t.add(args[0], true)
				return c.print(deletedEndpoint{ID: args[0], Deleted: true}, t)
			})
		},
	}
}

func (c *cli) webhooksRotate() *cobra.Command {
	return &cobra.Command{
		Use:     "rotate ENDPOINT_ID",
		Short:   "Make a new signing secret (shown this once); the old one also signs for 24 hours",
		Example: "  selfserve webhooks rotate ep_01…",
		Args:    exactArgs("ENDPOINT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				e, err := cl.RotateWebhookSecret(cmd.Context(), tenant, args[0])
				if err != nil {
					return err
				}
				return c.print(e, endpointWithSecret(e))
			})
		},
	}
}

func (c *cli) webhooksTest() *cobra.Command {
	return &cobra.Command{
		Use:     "test ENDPOINT_ID",
		Short:   "Send the endpoint a webhook.test event (follow it with webhooks deliveries)",
		Example: "  selfserve webhooks test ep_01…",
		Args:    exactArgs("ENDPOINT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				r, err := cl.TestWebhookEndpoint(cmd.Context(), tenant, args[0])
				if err != nil {
					return err
				}
				t := table{columns: []string{"EventId", "DeliveryId"}}
				t.add(r.EventID, r.DeliveryID)
				return c.print(r, t)
			})
		},
	}
}

// deliveryColumns are the columns of a delivery.
var deliveryColumns = []string{"Id", "EventType", "Status", "Attempts", "LastAttempt", "NextAttemptAt", "CreatedAt"}

func deliveryRow(d client.Delivery) []any {
	last := ""
	if n := len(d.Attempts); n > 0 {
		a := d.Attempts[n-1]
		switch {
		case a.HTTPStatus != 0:
			last = cell(a.HTTPStatus)
		case a.Error != "":
			last = a.Error
		}
		if a.Manual {
			last += " (manual)"
		}
	}
	return []any{d.ID, d.EventType, d.Status, len(d.Attempts), last, d.NextAttemptAt, d.CreatedAt}
}

func (c *cli) webhooksDeliveries() *cobra.Command {
	return &cobra.Command{
		Use:     "deliveries ENDPOINT_ID",
		Short:   "List an endpoint's deliveries, newest first (-o json: every attempt and the body sent)",
		Example: "  selfserve webhooks deliveries ep_01…\n  selfserve webhooks deliveries ep_01… -o json",
		Args:    exactArgs("ENDPOINT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				ds, err := collectAll(cl.AllDeliveries(cmd.Context(), tenant, args[0], &client.ListDeliveriesParams{Limit: 200}))
				if err != nil {
					return err
				}
				t := table{columns: deliveryColumns}
				for _, d := range ds {
					t.add(deliveryRow(d)...)
				}
				return c.print(ds, t)
			})
		},
	}
}

func (c *cli) webhooksRetry() *cobra.Command {
	return &cobra.Command{
		Use:     "retry ENDPOINT_ID DELIVERY_ID",
		Short:   "Attempt a delivery again now, whatever its status",
		Example: "  selfserve webhooks retry ep_01… dlv_01…",
		Args:    exactArgs("ENDPOINT_ID", "DELIVERY_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				d, err := cl.RetryDelivery(cmd.Context(), tenant, args[0], args[1])
				if err != nil {
					return err
				}
				t := table{columns: deliveryColumns}
				t.add(deliveryRow(*d)...)
				return c.print(d, t)
			})
		},
	}
}
