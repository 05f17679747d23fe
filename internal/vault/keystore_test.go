package vault_test

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/vault"
	"github.com/gatehouse/gatehouse/internal/vault/vaulttest"
)

func TestMemKeyStore(t *testing.T) {
	t.Parallel()
	vaulttest.KeyStore(t, func(t *testing.T) vault.KeyStore { return new(vault.MemKeyStore) })
}
