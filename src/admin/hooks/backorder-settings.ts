import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { BackorderSettings, BackorderSettingsResponse } from "../../types"

const settingsQueryKey = ["backorder-settings"] as const

export const useBackorderSettings = () =>
  useQuery({
    queryKey: settingsQueryKey,
    queryFn: () => sdk.client.fetch<BackorderSettingsResponse>("/admin/backorder-settings"),
  })

export const useUpdateBackorderSettings = () => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: BackorderSettings) =>
      sdk.client.fetch<BackorderSettingsResponse>("/admin/backorder-settings", {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsQueryKey }),
  })
}

/** Variants whose inventory may go negative: managed inventory with backorders allowed. */
export const useBackorderableVariantCount = () =>
  useQuery({
    queryKey: ["backorder-settings", "backorderable-variant-count"],
    queryFn: () =>
      sdk.client.fetch<{ count: number }>("/admin/product-variants", {
        query: { allow_backorder: true, manage_inventory: true, limit: 1, fields: "id" },
      }),
  })
