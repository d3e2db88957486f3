package io.philo.orm;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.philo.orm.pool.Access;
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

	/** Adds this object on the named connection. */
	public void add(String connection) {
		String name = Manager.pool().connectionName(connection);
		Manager.pool().run(name, Access.FLUSH, (session) -> {
			session.persist(this);
			return null;
		});
		this.connection = name;
	}

	/** Flushes this object's changes to its connection. */
	public void update() {
		update(connection());
	}

	/** Flushes this object's changes to the named connection. */
	public void update(String connection) {
		String name = Manager.pool().connectionName(connection);
		Manager.pool().run(name, Access.FLUSH, (session) -> session.contains(this) ? this : session.merge(this));
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
