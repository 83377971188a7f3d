package mailtext

import (
	"strings"
	"testing"
	"time"
)

// TestGoldenFrenchCancelled pins one whole French text part, so a change of
// wording or layout is deliberate. \u00a0 is a no-break space (before “:”
// and a currency symbol).
func TestGoldenFrenchCancelled(t *testing.T) {
	d := Data{
		Locale: "fr", RecipientName: "Camille Martin", ProductName: "Azure plan", SubscriptionID: "sub_01JC9Z",
		Credit: money(1234, "EUR"), Date: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		ActionURL: "https://selfserve.example/console/purchases",
	}
	want := `Bonjour Camille Martin,

Votre abonnement à Azure plan a été annulé. Les personnes qui disposaient d’une licence n’ont plus accès au produit.

Un crédit de 12,34` + "\u00a0" + `€ sera remboursé sur votre mode de paiement.

Produit` + "\u00a0" + `: Azure plan
ID d’abonnement` + "\u00a0" + `: sub_01JC9Z
Date d’annulation` + "\u00a0" + `: 1er décembre 2026
Crédit` + "\u00a0" + `: 12,34` + "\u00a0" + `€

Prochaines étapes
- Si vous avez toujours besoin d’Azure plan, demandez une licence à votre administrateur ou souscrivez un nouvel abonnement.

Accéder à Mes achats` + "\u00a0" + `: https://selfserve.example/console/purchases

L’équipe selfserve

-- 
Vous recevez cet e-mail parce que vous avez acheté Azure plan ou démarré un essai de ce produit pour vous-même (achat en libre-service) avec cette adresse.
Cet e-mail a été envoyé automatiquement. Les réponses ne sont pas lues.
`
	m, err := Render(Cancelled, d)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Subject, "Votre abonnement à Azure plan a été annulé"; got != want {
		t.Errorf("subject = %q, want %q", got, want)
	}
	if got := m.Text; got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("line %d = %q, want %q", i+1, gl[i], wl[i])
			}
		}
		t.Errorf("text part:\n%s\nwant:\n%s", got, want)
	}
}
