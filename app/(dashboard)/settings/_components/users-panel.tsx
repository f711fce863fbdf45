"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { CredentialFields, FormField, FormSelect, setFieldErrors } from "@/app/_components/form-field";
import { TableHead, plainTableHeadClass } from "@/app/_components/table";
import { buttonClass, dangerButtonClass, selectClass } from "@/app/_components/ui";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ApiError } from "@/lib/queries/api-client";
import { useCreateUser, useDeleteUser, useSetUserRole, useUsers } from "@/lib/queries/users";
import { createUserBodySchema, type CreateUserBody, type UserSummary } from "@/lib/schemas/users";

/** Admin-only: the accounts list with role changes and deletion, and the new-account form. */
export function UsersPanel({ currentUserId, initialUsers }: { currentUserId: string; initialUsers?: UserSummary[] }) {
  const users = useUsers(initialUsers);
  const setRole = useSetUserRole();
  const remove = useDeleteUser();

  function changeRole(u: UserSummary, role: Role) {
    setRole.mutate(
      { id: u.id, role },
      {
        onSuccess: () => toast.success(`${u.name} is now ${role}.`),
        onError: (err) => toast.error(err.message),
      },
    );
  }

  function deleteAccount(u: UserSummary) {
    if (!window.confirm(`Delete the account of ${u.name} (${u.email})? They will be signed out.`)) return;
    remove.mutate(u.id, {
      onSuccess: () => toast.success(`Deleted ${u.name}.`),
      onError: (err) => toast.error(err.message),
    });
  }

  return (
    <div className="mt-4 grid gap-8 lg:grid-cols-[1fr_20rem]">
      <div className="relative min-w-0 overflow-x-auto">
        {users.isError ? (
          <p role="alert" className="text-sm text-red-600">
            {users.error.message}
          </p>
        ) : null}
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Accounts</caption>
          <TableHead
            columns={[
              "Name",
              "Email",
              "Role",
              { key: "actions", label: <span className="sr-only">Actions</span>, className: "py-2" },
            ]}
            className={plainTableHeadClass}
            cellClassName="py-2 pr-4"
          />
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {(users.data ?? []).map((u) => (
              <tr key={u.id}>
                <td className="py-2 pr-4">
                  {u.name}
                  {u.id === currentUserId ? <span className="text-zinc-500"> (you)</span> : null}
                </td>
                <td className="py-2 pr-4">{u.email}</td>
                <td className="py-2 pr-4">
                  <select
                    aria-label={`Role of ${u.name}`}
                    className={selectClass}
                    value={u.role}
                    disabled={setRole.isPending}
                    onChange={(e) => changeRole(u, e.target.value as Role)}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-2 text-right">
                  {u.id !== currentUserId ? (
                    <button
                      type="button"
                      className={dangerButtonClass}
                      onClick={() => deleteAccount(u)}
                      disabled={remove.isPending}
                    >
                      Delete<span className="sr-only"> {u.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewAccountForm />
    </div>
  );
}

function NewAccountForm() {
  const create = useCreateUser();
  const { register, handleSubmit, formState, reset, setError } = useForm<CreateUserBody>({
    resolver: zodResolver(createUserBodySchema),
    defaultValues: { role: "viewer" },
  });
  const onSubmit = handleSubmit(async (values) => {
    try {
      const user = await create.mutateAsync(values);
      toast.success(`Created ${user.email} as ${user.role}.`);
      reset({ name: "", email: "", password: "", role: "viewer" });
    } catch (err) {
      if (err instanceof ApiError) {
        setFieldErrors(setError, err.fieldErrors());
        if ((err.details as { field?: string } | undefined)?.field === "email")
          setError("email", { message: "is already used by another account" });
      }
      toast.error(err instanceof Error ? err.message : "Could not create the account.");
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="new-account-heading" className="space-y-3">
      <h3 id="new-account-heading" className="text-sm font-semibold">
        New account
      </h3>
      <FormField label="Name" registration={register("name")} error={formState.errors.name} />
      <CredentialFields
        register={register}
        errors={formState.errors}
        emailAutoComplete="off"
        passwordAutoComplete="new-password"
        passwordHint="At least 8 characters; share it with them privately."
      />
      <FormSelect label="Role" registration={register("role")} options={ROLES.map((r) => [r, r])} />
      <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
