import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ClockSolid } from "@medusajs/icons"
import { Badge, Container, Heading, Select, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import { shipsText } from "../../components/backorder-items"
import { BackorderStatusBadge } from "../../components/backorder-status-badge"
import { useBackorders } from "../../hooks/backorders"
import { backorderStatusLabel, formatAmount } from "../../lib/format"
import type { BackorderStatus } from "../../../types"

const PAGE_SIZE = 20
const ALL_STATUSES = "all"
/** The default view: every back order waiting for the admin, those ready to ship first. */
const WAITING = "waiting"
const WAITING_STATUSES: BackorderStatus[] = ["ready", "pending"]
const statuses: BackorderStatus[] = ["ready", "pending", "payment_failed", "awaiting_payment", "charged", "canceled"]
type View = BackorderStatus | typeof ALL_STATUSES | typeof WAITING

const viewLabel = (view: View) =>
  view === ALL_STATUSES ? "All statuses" : view === WAITING ? "Waiting (ready first)" : backorderStatusLabel[view]

const BackordersPage = () => {
  const navigate = useNavigate()
  const [status, setStatus] = useState<View>(WAITING)
  const [pageIndex, setPageIndex] = useState(0)
  const { data, error, isLoading } = useBackorders({
    ...(status === WAITING ? { status: WAITING_STATUSES } : status !== ALL_STATUSES ? { status } : {}),
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
  })
  // Medusa's sidebar takes a fixed label: the count of ready back orders shows here instead
  const { data: ready } = useBackorders({ status: "ready", limit: 0, offset: 0 })
  const readyCount = ready?.count ?? 0

  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <div className="flex items-center gap-x-2">
            <Heading>Backorders</Heading>
            {readyCount > 0 && (
              <Badge size="2xsmall" color="green" data-testid="backorders-ready-count">
                {readyCount} ready to ship
              </Badge>
            )}
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            Back-ordered items owed to customers, oldest first. Open one to enter shipping and charge it.
          </Text>
        </div>
        <div className="w-48">
          <Select
            value={status}
            onValueChange={(value) => {
              setStatus(value === WAITING ? WAITING : statuses.find((s) => s === value) ?? ALL_STATUSES)
              setPageIndex(0)
            }}
          >
            <Select.Trigger data-testid="backorder-status-filter">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={WAITING}>{viewLabel(WAITING)}</Select.Item>
              <Select.Item value={ALL_STATUSES}>{viewLabel(ALL_STATUSES)}</Select.Item>
              {statuses.map((s) => (
                <Select.Item key={s} value={s}>
                  {backorderStatusLabel[s]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4">The back orders could not be loaded: {error.message}</Text>
      ) : (
        <>
          <Table data-testid="backorders-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Created</Table.HeaderCell>
                <Table.HeaderCell>Customer</Table.HeaderCell>
                <Table.HeaderCell>Source order</Table.HeaderCell>
                <Table.HeaderCell>Items</Table.HeaderCell>
                <Table.HeaderCell>Ships</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {(data?.backorders ?? []).map((backorder) => (
                <Table.Row
                  key={backorder.id}
                  className="cursor-pointer"
                  data-testid="backorder-row"
                  data-backorder-id={backorder.id}
                  onClick={() => navigate(`/backorders/${backorder.id}`)}
                >
                  <Table.Cell>{new Date(backorder.created_at).toLocaleString()}</Table.Cell>
                  <Table.Cell>{backorder.email ?? "-"}</Table.Cell>
                  <Table.Cell>{backorder.source_order ? `#${backorder.source_order.display_id}` : "-"}</Table.Cell>
                  <Table.Cell>
                    {backorder.order ? `${backorder.order.items.reduce((units, item) => units + item.quantity, 0)} units` : "-"}
                  </Table.Cell>
                  <Table.Cell>
                    {[...new Set((backorder.order?.items ?? []).map(shipsText).filter(Boolean))].join("; ") || "-"}
                  </Table.Cell>
                  <Table.Cell>
                    <BackorderStatusBadge status={backorder.status} />
                    {backorder.status === "payment_failed" && backorder.payment_failure_reason && (
                      <Text size="xsmall" className="text-ui-fg-error" data-testid="backorder-payment-failure">
                        {backorder.payment_failure_reason}
                      </Text>
                    )}
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    {backorder.order ? formatAmount(backorder.order.total, backorder.order.currency_code) : "-"}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {!isLoading && count === 0 && (
            <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="backorders-empty">
              No back orders {status !== ALL_STATUSES ? `in ${viewLabel(status)}` : "yet"}.
            </Text>
          )}
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={pageIndex}
            pageCount={pageCount}
            canPreviousPage={pageIndex > 0}
            canNextPage={pageIndex + 1 < pageCount}
            previousPage={() => setPageIndex((index) => Math.max(0, index - 1))}
            nextPage={() => setPageIndex((index) => index + 1)}
          />
        </>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Backorders",
  icon: ClockSolid,
})

export default BackordersPage
