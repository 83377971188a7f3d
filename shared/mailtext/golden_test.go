package mailtext

import (
	"strings"
	"testing"
	"time"
)

// TestGoldenFrenchCancelled pins whole French text parts of a cancellation
// by the purchaser and by an admin, so a change of wording or layout is
// deliberate. \u00a0 is a no-break space (before “:”, inside « » and
// before a currency symbol).
func TestGoldenFrenchCancelled(t *testing.T) {
	const nb = "\u00a0"
	base := Data{
		Locale: "fr", RecipientName: "Camille Martin", ProductName: "Azure plan", SubscriptionID: "sub_01JC9Z",
		Credit: money(1234, "EUR"), Date: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		ActionURL: "https://selfserve.example/#/purchases/sub_01JC9Z",
	}
	byAdmin := base
	byAdmin.ByAdmin, byAdmin.Reason, byAdmin.ReasonText = true, "boughtByMistake", "doublon"
	footer := `L’équipe selfserve

-- 
Vous recevez cet e-mail parce que vous avez acheté Azure plan ou démarré un essai de ce produit pour vous-même (achat en libre-service) avec cette adresse.
Cet e-mail a été envoyé automatiquement. Les réponses ne sont pas lues.
`
	tests := []struct {
		what string
		d    Data
		want string
	}{
		{"by the purchaser", base, `Bonjour Camille Martin,

Votre abonnement à Azure plan a été annulé. Les personnes qui disposaient d’une licence n’ont plus accès au produit.

Nous vous rembourserons 12,34` + nb + `€ sur votre mode de paiement.

Produit` + nb + `: Azure plan
ID d’abonnement` + nb + `: sub_01JC9Z
Date d’annulation` + nb + `: 1er décembre 2026
Crédit` + nb + `: 12,34` + nb + `€

Prochaines étapes
- Si vous avez toujours besoin d’Azure plan, demandez une licence à votre administrateur ou souscrivez un nouvel abonnement.

Voir votre abonnement` + nb + `: https://selfserve.example/#/purchases/sub_01JC9Z

` + footer},
		{"by an admin", byAdmin, `Bonjour Camille Martin,

Un administrateur de votre organisation a annulé votre abonnement à Azure plan. Les personnes qui disposaient d’une licence n’ont plus accès au produit.

Nous vous rembourserons 12,34` + nb + `€ sur votre mode de paiement.

Produit` + nb + `: Azure plan
ID d’abonnement` + nb + `: sub_01JC9Z
Date d’annulation` + nb + `: 1er décembre 2026
Motif` + nb + `: Acheté par erreur
Commentaire de l’administrateur` + nb + `: «` + nb + `doublon` + nb + `»
Crédit` + nb + `: 12,34` + nb + `€

Prochaines étapes
- Pour toute question sur cette annulation, ou si vous avez toujours besoin d’Azure plan, contactez votre administrateur.

Voir votre abonnement` + nb + `: https://selfserve.example/#/purchases/sub_01JC9Z

` + footer},
	}
	for _, tt := range tests {
		m, err := Render(Cancelled, tt.d)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := m.Subject, "Votre abonnement à Azure plan a été annulé"; got != want {
			t.Errorf("%s: subject = %q, want %q", tt.what, got, want)
		}
		if got, want := m.Text, tt.want; got != want {
			gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Errorf("%s: line %d = %q, want %q", tt.what, i+1, gl[i], wl[i])
				}
			}
			t.Errorf("%s: text part:\n%s\nwant:\n%s", tt.what, got, want)
		}
	}
}
