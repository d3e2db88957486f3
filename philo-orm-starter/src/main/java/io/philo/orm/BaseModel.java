package io.philo.orm;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.philo.orm.hibernate.HibernateAdapter;
import io.philo.orm.pool.Access;
import io.philo.orm.pool.PoolRegistry;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Transient;

/**
 * The base of every model: an id assigned by {@link #add()}, {@code created_at} / {@code updated_at}
 * (UTC), and {@code add / update / delete} on the object itself. Without a connection argument an
 * object goes back to the connection it was loaded from or added to; a new object goes to its
 * model's ({@link Database @Database}, or DEFAULT).
 *
 * <p>Ids come from a sequence per table ({@code <table>_seq}) handed out in blocks of 50, so that
 * many inserts go to the server as one batch.
 */
@MappedSuperclass
public abstract class BaseModel {

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE)
	private Long id;

	@Column(name = "created_at", nullable = false)
	private OffsetDateTime createdAt;

	@Column(name = "updated_at", nullable = false)
	private OffsetDateTime updatedAt;

	/** The connection this object was last loaded from or added to. */
	@Transient
	private transient String connection;

	public Long getId() {
		return this.id;
	}

	public OffsetDateTime getCreatedAt() {
		return this.createdAt;
	}

	public OffsetDateTime getUpdatedAt() {
		return this.updatedAt;
	}

	/** Adds this object to its connection's unit of work and flushes: the id is assigned, nothing is committed. */
	public void add() {
		add(connection());
	}

	/**
	 * Adds this object on the named connection. An object that already has a row elsewhere — held on
	 * another connection, or deleted — is inserted as a new row (with an id of this connection's
	 * sequence) and stands for that row from then on; the other connection's row is left as it is.
	 * An object this connection's session holds is added already: nothing is done but a flush of its
	 * changes (as SQLAlchemy's {@code session.add}).
	 * @throws IllegalStateException if its row is on this connection still but the session does not
	 * hold it: {@link #update()} writes it
	 */
	public void add(String connection) {
		PoolRegistry pool = Manager.pool();
		String name = pool.connectionName(connection);
		String holding = pool.connectionOf(this);
		if (this.id != null && !name.equals(holding)) {
			String own = (holding != null) ? holding : pool.connectionName(connection());
			if (own.equals(name) && rowExists(pool, name)) {
				throw new IllegalStateException(this + " already has a row on connection " + name
						+ ": call update() to write its changes, add() inserts new rows");
			}
			if (!own.equals(name)) {
				pool.forget(own, this);
			}
			this.id = null;
		}
		pool.run(name, Access.FLUSH, (session) -> {
			session.persist(this);
			return null;
		});
		this.connection = name;
	}

	private boolean rowExists(PoolRegistry pool, String connection) {
		// the decision of a write: a replica may not have the row yet
		return pool.run(connection, Access.READ_PRIMARY, (session) -> session
			.createQuery("select count(e) from " + session.getMetamodel().entity(getClass()).getName() + " e where e.id = :id",
					Long.class)
			.setParameter("id", this.id)
			.getSingleResult() > 0);
	}

	/** Flushes this object's changes to its connection. */
	public void update() {
		update(connection());
	}

	/**
	 * Flushes this object's changes to the named connection. An object the session does not hold
	 * (loaded by another thread, or before a {@code pool.close()}) is written through the session's
	 * copy of its row, and then shows what was written ({@code updatedAt} among it).
	 */
	public void update(String connection) {
		if (this.id == null) {
			throw new IllegalStateException(this + " has no row yet: call add() to insert it");
		}
		String name = Manager.pool().connectionName(connection);
		Manager.pool().run(name, Access.WRITE, (session) -> {
			if (!session.contains(this)) {
				Object written = session.merge(this);
				session.flush();
				HibernateAdapter.copyColumnValues(session, written, this);
			}
			else if (!HibernateAdapter.flushOne(session, this)) {
				session.flush();
			}
			return null;
		});
		this.connection = name;
	}

	/** Deletes this object's row and flushes; nothing is committed. */
	public void delete() {
		delete(connection());
	}

	/** Deletes this object's row on the named connection. */
	public void delete(String connection) {
		String name = Manager.pool().connectionName(connection);
		Manager.pool().run(name, Access.FLUSH, (session) -> {
			session.remove(session.contains(this) ? this : session.merge(this));
			return null;
		});
	}

	@PrePersist
	void beforeInsert() {
		stampInserted(OffsetDateTime.now(ZoneOffset.UTC));
	}

	void stampInserted(OffsetDateTime at) {
		this.createdAt = at;
		this.updatedAt = at;
	}

	@PreUpdate
	void beforeUpdate() {
		this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
	}

	void rememberConnection(String connection) {
		this.connection = connection;
	}

	/** The session holding this object, else the connection it was last on, else its model's. */
	private String connection() {
		String holding = Manager.pool().connectionOf(this);
		if (holding != null) {
			return holding;
		}
		if (this.connection != null) {
			return this.connection;
		}
		Database database = getClass().getAnnotation(Database.class);
		return (database != null) ? database.value() : null;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[id=" + this.id + "]";
	}

}
